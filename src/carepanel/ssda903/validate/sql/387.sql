-- code: 387
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: REC
-- message: >-
--   Reason episode ceased is child moved into independent living arrangement, but the
--   child is aged under 14.
-- note: >-
--   Independent living means REC E5 or E6; under 14 on the day the episode ended.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'REC' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.rec IN ('E5', 'E6') AND e.dec < birthday(h.dob, 14)
