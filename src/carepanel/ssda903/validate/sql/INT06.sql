-- code: 'INT06'
-- years: 2023-2027
-- tables: Header,OC3
-- fields: CHILD
-- message: >-
--   Internal Check: Child in OC3 does not exist in Header.
SELECT t.return_id, 'OC3' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM oc3 AS t
WHERE (t.return_id, t.child) NOT IN (SELECT return_id, child FROM header WHERE child IS NOT NULL)
