-- code: 'INT04'
-- years: 2023-2027
-- tables: Header,Missing
-- fields: CHILD
-- message: >-
--   Internal Check: Child in Missing does not exist in Header.
SELECT 'Missing' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM missing AS t
WHERE t.child NOT IN (SELECT child FROM header WHERE child IS NOT NULL)
