-- code: 103
-- years: 2023-2027
-- tables: Header
-- fields: ETHNIC
-- message: >-
--   The ethnicity code is either not valid or has not been entered.
-- note: >-
--   Codes outside the list refuse the return at load (an error naming rule 103); this rule
--   reports the blank ones, which the loader accepts.
SELECT return_id, 'Header' AS table_name, row_number, 'ETHNIC' AS column_name, child
FROM header
WHERE ethnic IS NULL
