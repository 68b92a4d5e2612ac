-- code: 'INT09'
-- years: 2023-2027
-- tables: Header,UASC
-- fields: CHILD
-- message: >-
--   Internal Check: Child in UASC does not exist in Header.
SELECT t.return_id, 'UASC' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM uasc AS t
WHERE (t.return_id, t.child) NOT IN (SELECT return_id, child FROM header WHERE child IS NOT NULL)
