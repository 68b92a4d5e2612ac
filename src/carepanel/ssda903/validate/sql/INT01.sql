-- code: 'INT01'
-- years: 2023-2027
-- tables: Header,AD1
-- fields: CHILD
-- message: >-
--   Data Integrity Check: Child in AD1 does not exist in Header.
SELECT t.return_id, 'AD1' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM ad1 AS t
WHERE (t.return_id, t.child) NOT IN (SELECT return_id, child FROM header WHERE child IS NOT NULL)
