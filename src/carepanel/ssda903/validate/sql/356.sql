-- code: 356
-- years: 2023-2027
-- tables: Episodes
-- fields: DECOM
-- message: >-
--   The date the episode ceased is before the date the same episode started.
SELECT return_id, 'Episodes' AS table_name, row_number, 'DEC' AS column_name, child
FROM episodes
WHERE dec < decom
