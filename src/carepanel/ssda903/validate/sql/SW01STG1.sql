-- code: SW01STG1
-- years: 2024
-- tables: SWEpisodes,Episodes
-- fields: DEC
-- message: >-
--   Child looked after on 31 March, but no social worker episode information is reported
-- note: >-
--   Looked after on 31 March means an open episode (no DEC) that is not a short break (LS
--   V3, V4). Across the child's social worker episodes there must be at least one SW_ID, one
--   SW_DECOM and one SW_REASON; the open episode is named.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DEC' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.dec IS NULL AND e.decom <= c.year_end AND e.ls NOT IN ('V3', 'V4')
  AND NOT EXISTS (
      SELECT 1 FROM sw_episodes AS s WHERE s.return_id = e.return_id AND s.child = e.child
      GROUP BY s.return_id, s.child
      HAVING count(s.sw_id) > 0 AND count(s.sw_decom_text) > 0 AND count(s.sw_reason) > 0)
