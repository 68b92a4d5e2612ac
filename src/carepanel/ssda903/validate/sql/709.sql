-- code: 709
-- years: 2027
-- tables: DoLo,Episodes
-- fields: DOLO_START,PLACEMENT
-- message: Child with a DoLO is in an unexpected placement type.
-- note: >-
--   An episode that overlaps a DoLO by more than the day one ends and the other starts
--   (an open DoLO or episode runs on) has a placement other than a children's home (K2) or
--   other placements Z12, Z13. The DoLO and the episode are both named. The DfE's rule
--   text checks DoLOs with an end date; the message does not, so open ones are checked too.
WITH overlap AS (
    SELECT d.return_id, d.row_number AS dolo_row, e.row_number AS episode_row, d.child
    FROM dolo AS d JOIN episodes AS e ON e.return_id = d.return_id AND e.child = d.child
    WHERE d.dolo_start IS NOT NULL AND e.decom IS NOT NULL
      AND (e.dec IS NULL OR d.dolo_start < e.dec)
      AND (d.dolo_end IS NULL OR e.decom < d.dolo_end)
      AND e.place NOT IN ('K2', 'Z12', 'Z13')
)
SELECT return_id, 'DoLo' AS table_name, dolo_row AS row_number, 'DOLO_START' AS column_name, child
FROM overlap
UNION ALL
SELECT return_id, 'Episodes', episode_row, 'PLACE', child
FROM overlap
