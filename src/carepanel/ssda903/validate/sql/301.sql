-- code: 301
-- years: 2023-2027
-- tables: Header
-- fields: DOB
-- message: >-
--   Date of birth falls after the year ended.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'DOB' AS column_name, h.child
FROM header AS h JOIN collection AS c ON c.return_id = h.return_id
WHERE h.dob > c.year_end
