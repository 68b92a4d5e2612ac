-- code: 'INT15'
-- years: 2023-2027
-- tables: Header,OC3
-- fields: DOB
-- message: >-
--   Internal Check: DOB in OC3 is different to DOB in Header.
-- note: >-
--   Compared as dates; a blank DOB in OC3 is not a difference.
SELECT t.return_id, 'OC3' AS table_name, t.row_number, 'DOB' AS column_name, t.child
FROM oc3 AS t
JOIN header AS h ON h.return_id = t.return_id AND h.child = t.child
WHERE t.dob <> h.dob
