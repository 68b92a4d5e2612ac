-- code: 'INT34'
-- years: 2023-2027
-- tables: OC3
-- fields: CHILD
-- message: >-
--   Internal Check: Child should only exist once in OC3.
-- note: >-
--   Every row of a child who is in the table more than once is named.
SELECT return_id, 'OC3' AS table_name, row_number, 'CHILD' AS column_name, child
FROM oc3
WHERE (return_id, child) IN
    (SELECT return_id, child FROM oc3 GROUP BY return_id, child HAVING count(*) > 1)
