-- code: 702
-- years: 2027
-- tables: DoLo
-- fields: DOLO_START,DOLO_END
-- message: The date that the DoLO ended is before the date that it started.
-- note: DOLO_END earlier than DOLO_START; a DoLO may start and end on the same day.
SELECT return_id, 'DoLo' AS table_name, row_number, 'DOLO_START, DOLO_END' AS column_name, child
FROM dolo
WHERE dolo_end < dolo_start
