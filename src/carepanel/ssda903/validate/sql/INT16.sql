-- code: 'INT16'
-- years: 2023-2027
-- tables: Header,PrevPerm
-- fields: DOB
-- message: >-
--   Internal Check: DOB in PrevPerm is different to DOB in Header.
-- note: >-
--   Compared as dates; a blank DOB in PrevPerm is not a difference.
SELECT 'PrevPerm' AS table_name, t.row_number, 'DOB' AS column_name, t.child
FROM prev_perm AS t
JOIN header AS h ON h.child = t.child
WHERE t.dob <> h.dob
