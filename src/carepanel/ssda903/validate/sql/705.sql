-- code: 705
-- years: 2027
-- tables: DoLo
-- fields: DOLO_START,DOLO_END
-- message: A DoLO cannot start when the previous DoLO is still open.
-- note: >-
--   A child's DoLOs in start order: one that starts while the one before has no end date,
--   or before the day it ended, is named. One may start on the day the last one ended.
WITH ordered AS (
    SELECT return_id, row_number, child, dolo_start,
           lag(row_number) OVER w AS prev_row, lag(dolo_end) OVER w AS prev_end
    FROM dolo
    WHERE child IS NOT NULL AND dolo_start IS NOT NULL
    WINDOW w AS (PARTITION BY return_id, child ORDER BY dolo_start, row_number)
)
SELECT return_id, 'DoLo' AS table_name, row_number, 'DOLO_START' AS column_name, child
FROM ordered
WHERE prev_row IS NOT NULL AND (prev_end IS NULL OR dolo_start < prev_end)
