-- code: 358
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: DECOM,DOB,LS
-- message: >-
--   Child with this legal status should not be under 10.
-- note: >-
--   Legal status J1, J2 or J3 in an episode that starts before the child's 10th birthday.
--   Both the episode and the Header row are named.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'LS' AS column_name, e.child
FROM episodes AS e JOIN header AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.ls IN ('J1', 'J2', 'J3') AND e.decom < birthday(h.dob, 10)
UNION ALL
SELECT h.return_id, 'Header', h.row_number, 'DOB', h.child
FROM episodes AS e JOIN header AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.ls IN ('J1', 'J2', 'J3') AND e.decom < birthday(h.dob, 10)
