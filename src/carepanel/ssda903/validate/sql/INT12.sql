-- code: 'INT12'
-- years: 2023-2027
-- tables: Header,PlacedAdoption
-- fields: DOB
-- message: >-
--   Internal Check: DOB in PlacedAdoption is different to DOB in Header.
-- note: >-
--   Compared as dates; a blank DOB in PlacedAdoption is not a difference.
SELECT t.return_id, 'PlacedAdoption' AS table_name, t.row_number, 'DOB' AS column_name, t.child
FROM placed_adoption AS t
JOIN header AS h ON h.return_id = t.return_id AND h.child = t.child
WHERE t.dob <> h.dob
