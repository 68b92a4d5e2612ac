-- code: 407
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: DEC,DOB,REC
-- message: >-
--   Reason episode ceased is Special Guardianship Order, but child has reached age 18.
-- note: >-
--   Special guardianship orders are REC E45 to E48; reached 18 means the episode ended
--   after the 18th birthday. The episode and the Header row are named.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'REC' AS column_name, e.child
FROM episodes AS e JOIN header AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.rec IN ('E45', 'E46', 'E47', 'E48') AND e.dec > birthday(h.dob, 18)
UNION ALL
SELECT h.return_id, 'Header', h.row_number, 'DOB', h.child
FROM episodes AS e JOIN header AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.rec IN ('E45', 'E46', 'E47', 'E48') AND e.dec > birthday(h.dob, 18)
