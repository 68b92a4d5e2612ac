-- code: 389
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: REC
-- message: >-
--   Reason episode ceased is that child transferred to care of adult social care services,
--   but child is aged under 16.
-- note: >-
--   Adult social care means REC E7; under 16 on the day the episode ended.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'REC' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.rec = 'E7' AND e.dec < birthday(h.dob, 16)
