-- code: 620
-- years: 2023-2027
-- tables: Header
-- fields: DOB,MOTHER
-- message: >-
--   Child has been recorded as a mother, but date of birth shows that the mother is under
--   11 years of age.
-- note: >-
--   Under 11 at the start of the collection year (1 April).
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'MOTHER' AS column_name, h.child
FROM header AS h JOIN collection AS c ON c.return_id = h.return_id
WHERE h.mother = '1' AND birthday(h.dob, 11) > c.year_start
