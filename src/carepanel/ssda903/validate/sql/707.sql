-- code: 707
-- years: 2027
-- tables: DoLo,EPISODES
-- fields: DOLO_END
-- message: Child ceased to be looked after but there is a DoLO without an end date.
-- note: >-
--   The child's latest episode has ended (a DEC, with a reason other than X1) and one of
--   its DoLOs has no end date.
SELECT d.return_id, 'DoLo' AS table_name, d.row_number, 'DOLO_END' AS column_name, d.child
FROM dolo AS d
WHERE d.dolo_end_text IS NULL
  AND (d.return_id, d.child) IN (SELECT return_id, child FROM episodes
                  WHERE seq = episodes_of_child AND dec IS NOT NULL
                    AND rec IS DISTINCT FROM 'X1')
