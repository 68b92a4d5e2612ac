-- code: 570
-- years: 2023-2027
-- tables: Missing
-- fields: MIS_START
-- message: >-
--   The date that the child started to be missing or away from placement without
--   authorisation is after the end of the collection year.
SELECT m.return_id, 'Missing' AS table_name, m.row_number, 'MIS_START' AS column_name, m.child
FROM missing AS m JOIN collection AS c ON c.return_id = m.return_id
WHERE m.mis_start > c.year_end
