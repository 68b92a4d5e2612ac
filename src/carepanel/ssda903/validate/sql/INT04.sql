-- code: 'INT04'
-- years: 2023-2027
-- tables: Header,Missing
-- fields: CHILD
-- message: >-
--   Internal Check: Child in Missing does not exist in Header.
SELECT t.return_id, 'Missing' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM missing AS t
WHERE (t.return_id, t.child) NOT IN (SELECT return_id, child FROM header WHERE child IS NOT NULL)
