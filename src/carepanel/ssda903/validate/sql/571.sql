-- code: 571
-- years: 2023-2027
-- tables: Missing
-- fields: MIS_END
-- message: >-
--   The date that the child ceased to be missing or away from placement without
--   authorisation is before the start or after the end of the collection year.
SELECT m.return_id, 'Missing' AS table_name, m.row_number, 'MIS_END' AS column_name, m.child
FROM missing AS m JOIN collection AS c ON c.return_id = m.return_id
WHERE m.mis_end < c.year_start OR m.mis_end > c.year_end
