-- code: 386
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: REC
-- message: >-
--   Reason episode ceased is adopted but child has reached age 18.
-- note: >-
--   Adopted means REC E11 or E12; reached 18 means the episode ended on or after the 18th
--   birthday.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'REC' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.rec IN ('E11', 'E12') AND e.dec >= birthday(h.dob, 18)
