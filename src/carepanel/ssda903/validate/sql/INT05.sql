-- code: 'INT05'
-- years: 2023-2027
-- tables: Header,OC2
-- fields: CHILD
-- message: >-
--   Internal Check: Child in OC2 does not exist in Header.
SELECT t.return_id, 'OC2' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM oc2 AS t
WHERE (t.return_id, t.child) NOT IN (SELECT return_id, child FROM header WHERE child IS NOT NULL)
