-- code: 301
-- years: 2023-2027
-- tables: Header
-- fields: DOB
-- message: >-
--   Date of birth falls after the year ended.
SELECT 'Header' AS table_name, h.row_number, 'DOB' AS column_name, h.child
FROM header AS h CROSS JOIN collection AS c
WHERE h.dob > c.year_end
