-- code: 231
-- years: 2025-2027
-- tables: Header
-- fields: DOB,UASC_STATUS
-- message: >-
--   We expect that unaccompanied asylum seeking children are generally older young people.
--   Please check the date of birth is correct. If the date of birth is correct then please
--   provide details in a bypass request.
-- note: >-
--   A child is unaccompanied asylum-seeking when the return's UASC table lists them.
--   Generally older means 11 or over on 31 March.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'DOB' AS column_name, h.child
FROM header AS h JOIN collection AS c ON c.return_id = h.return_id
WHERE (h.return_id, h.child) IN (SELECT return_id, child FROM uasc)
  AND birthday(h.dob, 11) > c.year_end
