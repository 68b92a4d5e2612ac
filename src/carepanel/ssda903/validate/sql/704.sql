-- code: 704
-- years: 2027
-- tables: DoLo
-- fields: DOLO_END
-- message: The date that the DoLO ended is before the start or after the end of the collection year.
SELECT d.return_id, 'DoLo' AS table_name, d.row_number, 'DOLO_END' AS column_name, d.child
FROM dolo AS d JOIN collection AS c ON c.return_id = d.return_id
WHERE d.dolo_end < c.year_start OR d.dolo_end > c.year_end
