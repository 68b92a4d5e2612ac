-- code: 575
-- years: 2023-2027
-- tables: Episodes,Missing
-- fields: MIS_END
-- message: >-
--   If the placement from which the child goes missing/away from placement without
--   authorisation ends, the missing/away from placement without authorisation period in
--   the missing module must also have an end date.
-- note: >-
--   A missing period that started during an episode that has ended has no end date (an end date written but not a real date is one given: the
--   field check reports its form).
SELECT DISTINCT m.return_id, 'Missing' AS table_name, m.row_number,
       'MIS_END' AS column_name, m.child
FROM missing AS m
JOIN episodes AS e ON e.return_id = m.return_id AND e.child = m.child
WHERE m.mis_end_text IS NULL AND e.dec IS NOT NULL
  AND m.mis_start BETWEEN e.decom AND e.dec
