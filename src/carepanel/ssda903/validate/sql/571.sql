-- code: 571
-- years: 2023-2027
-- tables: Missing
-- fields: MIS_END
-- message: >-
--   The date that the child ceased to be missing or away from placement without
--   authorisation is before the start or after the end of the collection year.
SELECT 'Missing' AS table_name, m.row_number, 'MIS_END' AS column_name, m.child
FROM missing AS m CROSS JOIN collection AS c
WHERE m.mis_end < c.year_start OR m.mis_end > c.year_end
