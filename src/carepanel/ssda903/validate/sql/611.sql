-- code: 611
-- years: 2023-2027
-- tables: Header
-- fields: MOTHER,MC_DOB
-- message: >-
--   Date of birth field is blank, but child is a mother.
SELECT return_id, 'Header' AS table_name, row_number, 'MC_DOB' AS column_name, child
FROM header
WHERE mother = '1' AND mc_dob_text IS NULL
