-- code: 'INT09'
-- years: 2023-2027
-- tables: Header,UASC
-- fields: CHILD
-- message: >-
--   Internal Check: Child in UASC does not exist in Header.
SELECT 'UASC' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM uasc AS t
WHERE t.child NOT IN (SELECT child FROM header WHERE child IS NOT NULL)
