-- code: 'INT21'
-- years: 2023-2027
-- tables: Header,UASC
-- fields: SEX
-- message: >-
--   Internal Check: SEX in UASC is different to SEX in Header.
-- note: >-
--   Compared as written; a blank SEX in UASC is not a difference.
SELECT u.return_id, 'UASC' AS table_name, u.row_number, 'SEX' AS column_name, u.child
FROM uasc AS u
JOIN header AS h ON h.return_id = u.return_id AND h.child = u.child
WHERE u.sex <> h.sex
