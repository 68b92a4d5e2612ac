-- code: 'INT03'
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: CHILD
-- message: >-
--   Internal Check: Child in Episodes does not exist in Header.
SELECT 'Episodes' AS table_name, e.row_number, 'CHILD' AS column_name, e.child
FROM episodes AS e
WHERE e.child NOT IN (SELECT child FROM header WHERE child IS NOT NULL)
