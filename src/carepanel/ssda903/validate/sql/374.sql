-- code: 374
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: DECOM,PLACE
-- message: >-
--   Child in residential employment should be at least 14 years old.
-- note: >-
--   Residential Employment Is Placement P3; the child's age on the day the episode
--   started.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PLACE' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.place = 'P3' AND e.decom < birthday(h.dob, 14)
