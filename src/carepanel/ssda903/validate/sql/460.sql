-- code: 460
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: DEC,REC
-- message: >-
--   Reason episode ceased is that child stayed with current carers at age 18 (or above),
--   but child is aged under 18.
-- note: >-
--   Staying put is REC E17; the episode ended before the 18th birthday.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'REC' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.rec = 'E17' AND e.dec < birthday(h.dob, 18)
