-- code: 202
-- years: 2023-2027
-- tables: Header,Header_last
-- fields: SEX
-- message: >-
--   The gender code conflicts with the gender already recorded for this child.
-- note: >-
--   Compared with the same child's Header row in last year's return. The codes changed in
--   2024/25 (1 and 2 became M and F), so 1 and M, and 2 and F, are the same sex.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'SEX' AS column_name, h.child
FROM header AS h JOIN header_last AS l ON l.return_id = h.return_id AND l.child = h.child
WHERE CASE h.sex WHEN '1' THEN 'M' WHEN '2' THEN 'F' ELSE h.sex END
      <> CASE l.sex WHEN '1' THEN 'M' WHEN '2' THEN 'F' ELSE l.sex END
