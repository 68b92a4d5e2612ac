-- code: 371
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: DECOM,PLACE
-- message:
--   2023: >-
--     Child in semi-independent living accommodation not subject to children’s homes
--     regulations should be at least 14.
--   2024: >-
--     Child in semi-independent living accommodation not subject to children’s homes
--     regulations should be at least 16.
--   2025-2027: >-
--     Child in supported accomodation not subject to children’s homes regulations should
--     be at least 16.
-- note: >-
--   Semi-independent accommodation is H5 (collected to 2024/25); supported accommodation
--   is K3 (from 2024/25). The age is on the day the episode started: 14 in 2022/23, 16
--   from 2023/24.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PLACE' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
JOIN collection AS c ON c.return_id = e.return_id
WHERE e.place IN ('H5', 'K3')
  AND e.decom < birthday(h.dob, CASE WHEN c.year <= 2023 THEN 14 ELSE 16 END)
