-- code: 'INT03'
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: CHILD
-- message: >-
--   Internal Check: Child in Episodes does not exist in Header.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'CHILD' AS column_name, e.child
FROM episodes AS e
WHERE (e.return_id, e.child) NOT IN (SELECT return_id, child FROM header WHERE child IS NOT NULL)
