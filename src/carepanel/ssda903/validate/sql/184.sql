-- code: 184
-- years: 2023-2027
-- tables: Header,PlacedAdoption
-- fields: DATE_PLACED,DOB
-- message: >-
--   Date of decision that a child should be placed for adoption is before the child was
--   born.
-- note: >-
--   DATE_PLACED is compared with the date of birth on the same PlacedAdoption row (DOB is
--   one of the rule's fields; INT12 checks it against the Header's). A row whose DOB
--   is blank or not a real date, with a DATE_PLACED that is one, is named too: that the
--   decision came after the birth cannot be confirmed (the council must give the date
--   anyway).
SELECT return_id, 'PlacedAdoption' AS table_name, row_number,
       CASE WHEN dob IS NULL THEN 'DOB' ELSE 'DATE_PLACED' END AS column_name, child
FROM placed_adoption
WHERE date_placed < dob OR (date_placed IS NOT NULL AND dob IS NULL)
