-- code: 'INT17'
-- years: 2023-2027
-- tables: Header,Reviews
-- fields: DOB
-- message: >-
--   Internal Check: DOB in Reviews is different to DOB in Header.
-- note: >-
--   Compared as dates; a blank DOB in Reviews is not a difference.
SELECT t.return_id, 'Reviews' AS table_name, t.row_number, 'DOB' AS column_name, t.child
FROM reviews AS t
JOIN header AS h ON h.return_id = t.return_id AND h.child = t.child
WHERE t.dob <> h.dob
