-- code: 'INT16'
-- years: 2023-2027
-- tables: Header,PrevPerm
-- fields: DOB
-- message: >-
--   Internal Check: DOB in PrevPerm is different to DOB in Header.
-- note: >-
--   Compared as dates; a blank DOB in PrevPerm is not a difference.
SELECT t.return_id, 'PrevPerm' AS table_name, t.row_number, 'DOB' AS column_name, t.child
FROM prev_perm AS t
JOIN header AS h ON h.return_id = t.return_id AND h.child = t.child
WHERE t.dob <> h.dob
