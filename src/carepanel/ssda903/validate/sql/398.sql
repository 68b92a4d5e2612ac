-- code: '398'
-- years: 2023-2027
-- tables: Episodes
-- fields: LS,HOME_POST,PL_POST
-- message: >-
--   Distance field completed but child looked after under legal status V3 or V4.
-- note: >-
--   A short break (V3, V4) has no distance, so neither postcode is given (the distance is
--   derived from HOME_POST and PL_POST).
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS, HOME_POST, PL_POST' AS column_name,
       child
FROM episodes
WHERE ls IN ('V3', 'V4') AND (home_post IS NOT NULL OR pl_post IS NOT NULL)
