-- code: 'INT14'
-- years: 2023-2027
-- tables: Header,OC2
-- fields: DOB
-- message: >-
--   Internal Check: DOB in OC2 is different to DOB in Header.
-- note: >-
--   Compared as dates; a blank DOB in OC2 is not a difference.
SELECT t.return_id, 'OC2' AS table_name, t.row_number, 'DOB' AS column_name, t.child
FROM oc2 AS t
JOIN header AS h ON h.return_id = t.return_id AND h.child = t.child
WHERE t.dob <> h.dob
