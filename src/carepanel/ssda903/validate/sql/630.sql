-- code: 630
-- years: 2023-2027
-- tables: Episodes,PrevPerm
-- fields: RNE
-- message: >-
--   Information on previous permanence option should be returned.
-- note: >-
--   Every episode with RNE S starting on or after 1 April (a child starting care in the
--   year; short breaks, V3 and V4, included: the child is looked after, and RNE S starts
--   care) needs a PrevPerm row of the child with PREV_PERM completed, and with LA_PERM and
--   DATE_PERM completed whenever PREV_PERM is not Z1 (P4 included), as the DfE's rule logic
--   reads. The episode is named when the child has no PrevPerm row, or when any of the
--   child's PrevPerm rows falls short.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'RNE' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.rne = 'S' AND e.decom >= c.year_start
  AND (NOT EXISTS (SELECT 1 FROM prev_perm AS p
                   WHERE p.return_id = e.return_id AND p.child = e.child)
       OR EXISTS (SELECT 1 FROM prev_perm AS p
                  WHERE p.return_id = e.return_id AND p.child = e.child
                    AND (p.prev_perm IS NULL
                         OR (p.prev_perm <> 'Z1'
                             AND (p.la_perm IS NULL OR p.date_perm IS NULL)))))
