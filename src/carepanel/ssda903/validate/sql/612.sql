-- code: 612
-- years: 2023-2027
-- tables: Header
-- fields: SEX,MOTHER,MC_DOB
-- message: >-
--   Date of birth field has been completed but mother field indicates child is not a
--   mother.
-- note: >-
--   Reported for a girl (SEX 2 or F) whose MOTHER is 0 or blank but who has MC_DOB.
SELECT return_id, 'Header' AS table_name, row_number, 'MOTHER' AS column_name, child
FROM header
WHERE (mother = '0' OR mother IS NULL) AND sex IN ('2', 'F') AND mc_dob_text IS NOT NULL
