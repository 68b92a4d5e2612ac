-- code: 630
-- years: 2023-2027
-- tables: Episodes,PrevPerm
-- fields: RNE
-- message: >-
--   Information on previous permanence option should be returned.
-- note: >-
--   A child who started a period of care during the collection year (an episode with RNE S
--   starting on or after 1 April) needs a PrevPerm row with PREV_PERM completed. Short
--   breaks (V3, V4) are not a start to be looked after for this: the DfE collects previous
--   permanence for children starting care.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'RNE' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.rne = 'S' AND e.decom >= c.year_start
  AND (e.ls IS NULL OR e.ls NOT IN ('V3', 'V4'))
  AND (e.return_id, e.child) NOT IN (SELECT return_id, child FROM prev_perm
                      WHERE child IS NOT NULL AND prev_perm IS NOT NULL)
