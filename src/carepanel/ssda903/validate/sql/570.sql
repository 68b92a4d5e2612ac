-- code: 570
-- years: 2023-2027
-- tables: Missing
-- fields: MIS_START
-- message: >-
--   The date that the child started to be missing or away from placement without
--   authorisation is after the end of the collection year.
SELECT 'Missing' AS table_name, m.row_number, 'MIS_START' AS column_name, m.child
FROM missing AS m CROSS JOIN collection AS c
WHERE m.mis_start > c.year_end
