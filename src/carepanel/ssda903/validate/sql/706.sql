-- code: 706
-- years: 2027
-- tables: DoLo,DOLO_last
-- fields: DOLO_START
-- message: >-
--   There is an open DoLO in last year’s return and there is no corresponding DoLO recorded
--   at the start of this year..
-- note: >-
--   A DoLO with no end date in last year's return must be in this year's return with the
--   same start date. Last year's row is named.
SELECT l.return_id, 'DoLo_last' AS table_name, l.row_number, 'DOLO_START' AS column_name, l.child
FROM dolo_last AS l
WHERE l.child IS NOT NULL AND l.dolo_start IS NOT NULL AND l.dolo_end_text IS NULL
  AND NOT EXISTS (SELECT 1 FROM dolo AS d
                  WHERE d.return_id = l.return_id AND d.child = l.child
                        AND d.dolo_start = l.dolo_start)
