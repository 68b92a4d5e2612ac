-- code: 370
-- years: 2023-2024
-- tables: Episodes,Header
-- fields: DECOM,PLACE
-- message:
--   2023: >-
--     Child in independent living should be at least 15.
--   2024: >-
--     Child in independent living should be at least 16.
-- note: >-
--   Independent living is placement P2; the child's age on the day the episode started.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PLACE' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
JOIN collection AS c ON c.return_id = e.return_id
WHERE e.place = 'P2'
  AND e.decom < birthday(h.dob, CASE WHEN c.year <= 2023 THEN 15 ELSE 16 END)
