-- code: 'INT06'
-- years: 2023-2027
-- tables: Header,OC3
-- fields: CHILD
-- message: >-
--   Internal Check: Child in OC3 does not exist in Header.
SELECT 'OC3' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM oc3 AS t
WHERE t.child NOT IN (SELECT child FROM header WHERE child IS NOT NULL)
