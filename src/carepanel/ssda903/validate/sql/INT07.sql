-- code: 'INT07'
-- years: 2023-2027
-- tables: Header,PrevPerm
-- fields: CHILD
-- message: >-
--   Internal Check: Child in PrevPerm does not exist in Header.
SELECT t.return_id, 'PrevPerm' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM prev_perm AS t
WHERE (t.return_id, t.child) NOT IN (SELECT return_id, child FROM header WHERE child IS NOT NULL)
