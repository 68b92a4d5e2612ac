-- code: 621
-- years: 2023-2027
-- tables: Header
-- fields: DOB,MC_DOB
-- message: >-
--   Mother’s field has been completed but date of birth shows that the mother is younger
--   than her child.
-- note: >-
--   The mother's child's date of birth (MC_DOB) on or before her own.
SELECT return_id, 'Header' AS table_name, row_number, 'MC_DOB' AS column_name, child
FROM header
WHERE mc_dob <= dob
