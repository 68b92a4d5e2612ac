-- code: 'INT31'
-- years: 2023-2027
-- tables: AD1
-- fields: CHILD
-- message: >-
--   Internal Check: Child should only exist once in AD1.
-- note: >-
--   Every row of a child who is in the table more than once is named.
SELECT return_id, 'AD1' AS table_name, row_number, 'CHILD' AS column_name, child
FROM ad1
WHERE (return_id, child) IN
    (SELECT return_id, child FROM ad1 GROUP BY return_id, child HAVING count(*) > 1)
