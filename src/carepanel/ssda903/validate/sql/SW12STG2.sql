-- code: SW12STG2
-- years: 2024-2027
-- tables: SWEpisodes,Episodes
-- fields: SW_DECOM
-- message: >-
--   If a child is looked after on 31 March then all social worker episodes for the full
--   previous year should be reported, even those whilst they were not looked after
-- note: >-
--   For a child looked after on 31 March (an open episode that is not a short break), the
--   social worker episodes must reach back to 1 April: the earliest starts on or before
--   it, unless it is the child's first contact (SW_REASON FCONTA). The earliest episode is
--   named; a child with no social worker episode at all is named by the open episode.
WITH looked_after AS (
    SELECT e.return_id, e.child, min(e.row_number) AS row_number
    FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
    WHERE e.child IS NOT NULL AND e.dec IS NULL AND e.decom <= c.year_end
      AND e.ls NOT IN ('V3', 'V4')
    GROUP BY e.return_id, e.child
)
SELECT s.return_id, 'SWEpisodes' AS table_name, s.row_number, 'SW_DECOM' AS column_name, s.child
FROM sw_ordered AS s
JOIN looked_after AS l ON l.return_id = s.return_id AND l.child = s.child
JOIN collection AS c ON c.return_id = s.return_id
WHERE s.seq = 1 AND s.sw_decom > c.year_start AND s.sw_reason IS DISTINCT FROM 'FCONTA'
UNION ALL
SELECT l.return_id, 'Episodes', l.row_number, 'CHILD', l.child
FROM looked_after AS l
WHERE (l.return_id, l.child) NOT IN
      (SELECT return_id, child FROM sw_episodes WHERE child IS NOT NULL)
