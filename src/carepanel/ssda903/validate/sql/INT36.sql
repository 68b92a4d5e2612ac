-- code: 'INT36'
-- years: 2023-2027
-- tables: UASC
-- fields: CHILD
-- message: >-
--   Internal Check: Child should only exist once in UASC.
-- note: >-
--   Every row of a child who is in the table more than once is named.
SELECT return_id, 'UASC' AS table_name, row_number, 'CHILD' AS column_name, child
FROM uasc
WHERE (return_id, child) IN
    (SELECT return_id, child FROM uasc GROUP BY return_id, child HAVING count(*) > 1)
