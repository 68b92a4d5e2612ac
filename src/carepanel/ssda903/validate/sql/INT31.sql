-- code: 'INT31'
-- years: 2023-2027
-- tables: AD1
-- fields: CHILD
-- message: >-
--   Internal Check: Child should only exist once in AD1.
-- note: >-
--   Every row of a child who is in the table more than once is named.
SELECT 'AD1' AS table_name, row_number, 'CHILD' AS column_name, child
FROM ad1
WHERE child IN (SELECT child FROM ad1 GROUP BY child HAVING count(*) > 1)
