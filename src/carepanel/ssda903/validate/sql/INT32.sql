-- code: 'INT32'
-- years: 2023-2027
-- tables: Header
-- fields: CHILD
-- message: >-
--   Internal Check: Child should only exist once in Header.
-- note: >-
--   Every row of a child who is in the table more than once is named.
SELECT return_id, 'Header' AS table_name, row_number, 'CHILD' AS column_name, child
FROM header
WHERE (return_id, child) IN
    (SELECT return_id, child FROM header GROUP BY return_id, child HAVING count(*) > 1)
