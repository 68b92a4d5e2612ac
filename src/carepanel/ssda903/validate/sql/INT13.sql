-- code: 'INT13'
-- years: 2023-2027
-- tables: Header,Missing
-- fields: DOB
-- message: >-
--   Internal Check: DOB in Missing is different to DOB in Header.
-- note: >-
--   Compared as dates; a blank DOB in Missing is not a difference.
SELECT t.return_id, 'Missing' AS table_name, t.row_number, 'DOB' AS column_name, t.child
FROM missing AS t
JOIN header AS h ON h.return_id = t.return_id AND h.child = t.child
WHERE t.dob <> h.dob
