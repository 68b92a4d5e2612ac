-- code: 199
-- years: 2023-2027
-- tables: Episodes
-- fields: CHILD
-- message: >-
--   Episode information shows child has been previously adopted from care.
-- note: >-
--   Within this year's return: any episode of a child after an episode that ended in
--   adoption (REC E11 or E12).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'CHILD' AS column_name, e.child
FROM episodes AS e
JOIN (SELECT return_id, child, min(seq) AS adopted_seq FROM episodes
      WHERE rec IN ('E11', 'E12') GROUP BY return_id, child) AS a
  ON a.return_id = e.return_id AND a.child = e.child AND e.seq > a.adopted_seq
