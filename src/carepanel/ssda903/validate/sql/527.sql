-- code: 527
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,PLACE_PROVIDER
-- message: >-
--   A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE_PROVIDER' AS column_name, child
FROM episodes
WHERE place_provider = 'PR1' AND place IN ('P1', 'R2', 'R5')
