-- code: 353
-- years: 2023-2027
-- tables: Episodes
-- fields: DECOM
-- message: >-
--   No episode submitted can start before 14 October 1991.
SELECT return_id, 'Episodes' AS table_name, row_number, 'DECOM' AS column_name, child
FROM episodes
WHERE decom < DATE '1991-10-14'
