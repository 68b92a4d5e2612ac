-- code: 710
-- years: 2027
-- tables: DoLo,Episodes
-- fields: DOLO_START,PLACEMENT
-- message: >-
--   Child with a DoLO can not be placed in secure children's homes, with parents, young
--   offender institutions, or supported accommodation.
-- note: >-
--   An episode that overlaps a DoLO by more than the day one ends and the other starts
--   (an open DoLO or episode runs on) is in a secure children's home (K1), with parents
--   (P1), a young offender institution (R5) or supported accommodation (K3). The DoLO and
--   the episode are both named. Open DoLOs are checked too, as for rule 709.
WITH overlap AS (
    SELECT d.return_id, d.row_number AS dolo_row, e.row_number AS episode_row, d.child
    FROM dolo AS d JOIN episodes AS e ON e.return_id = d.return_id AND e.child = d.child
    WHERE d.dolo_start IS NOT NULL AND e.decom IS NOT NULL
      AND (e.dec IS NULL OR d.dolo_start < e.dec)
      AND (d.dolo_end IS NULL OR e.decom < d.dolo_end)
      AND e.place IN ('K1', 'P1', 'R5', 'K3')
)
SELECT return_id, 'DoLo' AS table_name, dolo_row AS row_number, 'DOLO_START' AS column_name, child
FROM overlap
UNION ALL
SELECT return_id, 'Episodes', episode_row, 'PLACE', child
FROM overlap
