-- code: 372
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: DECOM,PLACE
-- message: >-
--   Child in youth custody or prison should be at least 10.
-- note: >-
--   Youth Custody Or Prison Is Placement R5; the child's age on the day the episode
--   started.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PLACE' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.place = 'R5' AND e.decom < birthday(h.dob, 10)
