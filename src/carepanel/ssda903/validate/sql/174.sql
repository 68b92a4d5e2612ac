-- code: 174
-- years: 2023-2027
-- tables: Header
-- fields: SEX,MC_DOB
-- message:
--   2023-2024: >-
--     Mother's child date of birth is recorded but gender shows that the child is a male.
--   2025-2027: >-
--     Mother's child date of birth is recorded but sex shows that the child is a male.
-- note: >-
--   Male is SEX 1 up to 2023/24 and M from 2024/25.
SELECT return_id, 'Header' AS table_name, row_number, 'MC_DOB' AS column_name, child
FROM header
WHERE mc_dob_text IS NOT NULL AND sex IN ('1', 'M')
