-- code: 234
-- years: 2026-2027
-- tables: Episodes,Header
-- fields: REASON_PLACE_CHANGE,DOB
-- message: >-
--   A child aged under 10 can not change placement due to being admitted to custody
-- note: >-
--   An episode ending in a placement change for custody (CUSTOD) that started before the
--   child's 10th birthday. The DfE's rule text compares the episode's start with the 10th
--   birthday.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number,
       'REASON_PLACE_CHANGE' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.reason_place_change = 'CUSTOD' AND e.decom < birthday(h.dob, 10)
