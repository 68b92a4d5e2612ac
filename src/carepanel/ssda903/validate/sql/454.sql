-- code: '454'
-- years: 2026-2027
-- tables: Episodes
-- fields: PL_DISTANCE
-- message: >-
--   Placement distance from home is over 350 miles.
-- note: >-
--   PL_DISTANCE, the straight line between HOME_POST and PL_POST, over 350 miles.
SELECT return_id, 'Episodes' AS table_name, row_number, 'HOME_POST, PL_POST' AS column_name,
       child
FROM episodes
WHERE pl_distance > 350
