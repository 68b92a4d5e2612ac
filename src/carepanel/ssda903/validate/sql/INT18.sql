-- code: 'INT18'
-- years: 2023-2027
-- tables: Header,UASC
-- fields: DOB
-- message: >-
--   Internal Check: DOB in UASC is different to DOB in Header.
-- note: >-
--   Compared as dates; a blank DOB in UASC is not a difference.
SELECT t.return_id, 'UASC' AS table_name, t.row_number, 'DOB' AS column_name, t.child
FROM uasc AS t
JOIN header AS h ON h.return_id = t.return_id AND h.child = t.child
WHERE t.dob <> h.dob
