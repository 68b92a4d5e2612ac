-- code: 'INT35'
-- years: 2023-2027
-- tables: PrevPerm
-- fields: CHILD
-- message: >-
--   Internal Check: Child should only exist once in PrevPerm.
-- note: >-
--   Every row of a child who is in the table more than once is named.
SELECT return_id, 'PrevPerm' AS table_name, row_number, 'CHILD' AS column_name, child
FROM prev_perm
WHERE (return_id, child) IN
    (SELECT return_id, child FROM prev_perm GROUP BY return_id, child HAVING count(*) > 1)
