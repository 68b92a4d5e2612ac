-- code: 302
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: DECOM,DOB
-- message: >-
--   First episode starts before child was born.
-- note: >-
--   The child's earliest episode in the return is compared with the date of birth in the
--   Header table; both rows are named.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DECOM' AS column_name, e.child
FROM episodes AS e
JOIN header AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.seq = 1 AND e.decom < h.dob
UNION ALL
SELECT h.return_id, 'Header', h.row_number, 'DOB', h.child
FROM episodes AS e
JOIN header AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.seq = 1 AND e.decom < h.dob
