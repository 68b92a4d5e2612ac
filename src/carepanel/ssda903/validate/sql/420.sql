-- code: '420'
-- years: 2023-2027
-- tables: Episodes
-- fields: PL_LA
-- message: >-
--   LA of placement completed but child is looked after under legal status V3 or V4.
-- note: >-
--   A short break (V3, V4) has no placement council: a placement postcode of the directory
--   gives one.
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS, PL_POST' AS column_name, child
FROM episodes
WHERE ls IN ('V3', 'V4') AND pl_la IS NOT NULL
