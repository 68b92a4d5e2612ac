-- code: 703
-- years: 2027
-- tables: DoLo
-- fields: DOLO_START
-- message: The date that the DoLO started is after the end of the collection year.
SELECT d.return_id, 'DoLo' AS table_name, d.row_number, 'DOLO_START' AS column_name, d.child
FROM dolo AS d JOIN collection AS c ON c.return_id = d.return_id
WHERE d.dolo_start > c.year_end
