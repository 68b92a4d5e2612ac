-- code: 'INT01'
-- years: 2023-2027
-- tables: Header,AD1
-- fields: CHILD
-- message: >-
--   Data Integrity Check: Child in AD1 does not exist in Header.
SELECT 'AD1' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM ad1 AS t
WHERE t.child NOT IN (SELECT child FROM header WHERE child IS NOT NULL)
