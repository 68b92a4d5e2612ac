-- code: 'INT08'
-- years: 2023-2027
-- tables: Header,Reviews
-- fields: CHILD
-- message: >-
--   Internal Check: Child in Reviews does not exist in Header.
SELECT t.return_id, 'Reviews' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM reviews AS t
WHERE (t.return_id, t.child) NOT IN (SELECT return_id, child FROM header WHERE child IS NOT NULL)
