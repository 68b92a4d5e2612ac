-- code: 184
-- years: 2023-2027
-- tables: Header,PlacedAdoption
-- fields: DATE_PLACED,DOB
-- message: >-
--   Date of decision that a child should be placed for adoption is before the child was
--   born.
-- note: >-
--   Compared with the Header's date of birth.
SELECT p.return_id, 'PlacedAdoption' AS table_name, p.row_number,
       'DATE_PLACED' AS column_name, p.child
FROM placed_adoption AS p JOIN child_dob AS h ON h.return_id = p.return_id AND h.child = p.child
WHERE p.date_placed < h.dob
