-- code: 203
-- years: 2023-2027
-- tables: Header,Header_last
-- fields: DOB
-- message: >-
--   Date of birth disagrees with the date of birth already recorded for this child.
-- note: >-
--   Compared with the same child's Header row in last year's return. A date of birth that
--   is not a real date (30/02/2004) or is blank in one year and not the other disagrees.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'DOB' AS column_name, h.child
FROM header AS h JOIN header_last AS l ON l.return_id = h.return_id AND l.child = h.child
WHERE h.dob IS DISTINCT FROM l.dob
