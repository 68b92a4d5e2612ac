-- code: 703
-- years: 2027
-- tables: DoLo
-- fields: DOLO_START
-- message: The date that the DoLO started is after the end of the collection year.
SELECT 'DoLo' AS table_name, d.row_number, 'DOLO_START' AS column_name, d.child
FROM dolo AS d CROSS JOIN collection AS c
WHERE d.dolo_start > c.year_end
