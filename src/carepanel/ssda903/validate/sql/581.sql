-- code: 581
-- years: 2023-2027
-- tables: Episodes,Missing
-- fields: MIS_START
-- message: >-
--   Child is missing but has not yet started to be looked after.
-- note: >-
--   A missing period that starts before the child's first episode in the return (children
--   with no episode are left to rule INT04 and the Header checks). A MIS_START that is not a
--   real date (or is blank), or a child none of whose episodes has a DECOM that is one, is
--   named too: the period cannot be placed in an episode, so that the child was looked after
--   when it began cannot be confirmed (the council must give the date anyway).
SELECT m.return_id, 'Missing' AS table_name, m.row_number, 'MIS_START' AS column_name, m.child
FROM missing AS m
JOIN (SELECT return_id, child, min(decom) AS first_decom FROM episodes
      GROUP BY return_id, child) AS f
  ON f.return_id = m.return_id AND f.child = m.child
WHERE m.mis_start IS NULL OR f.first_decom IS NULL OR m.mis_start < f.first_decom
