-- code: 624
-- years: 2023-2027
-- tables: Header,Header_last
-- fields: MC_DOB
-- message: >-
--   Date of birth of the first child contradicts the date of birth of the first child
--   previously recorded.
-- note: >-
--   Both years give MC_DOB and they differ.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'MC_DOB' AS column_name, h.child
FROM header AS h JOIN header_last AS l ON l.return_id = h.return_id AND l.child = h.child
WHERE h.mc_dob <> l.mc_dob
