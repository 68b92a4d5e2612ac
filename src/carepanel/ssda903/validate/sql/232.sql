-- code: 232
-- years: 2025-2027
-- tables: Header
-- fields: SEX
-- message: >-
--   Sex of the child/young person has been reported as unknown.
SELECT return_id, 'Header' AS table_name, row_number, 'SEX' AS column_name, child
FROM header
WHERE sex = 'U'
