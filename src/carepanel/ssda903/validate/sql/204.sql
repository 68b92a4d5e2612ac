-- code: 204
-- years: 2023-2027
-- tables: Header,HEader_last
-- fields: ETHNIC
-- message: >-
--   Ethnic origin code disagrees with the ethnic origin already recorded for this child.
-- note: >-
--   Compared with the same child's Header row in last year's return; a blank in either
--   year is not a disagreement (a blank this year is rule 103).
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'ETHNIC' AS column_name, h.child
FROM header AS h JOIN header_last AS l ON l.return_id = h.return_id AND l.child = h.child
WHERE h.ethnic <> l.ethnic
