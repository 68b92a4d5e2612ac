-- code: 226
-- years: 2023-2027
-- tables: Episodes
-- fields: REASON_PLACE_CHANGE,PLACE
-- message:
--   2023-2025: >-
--     Reason for placement change is not required.
--   2026-2027: >-
--     Reason for placement change is not required for temporary placements.
-- note: >-
--   Reported on a temporary placement (T0 to T4) when it, or the episode just before it,
--   gives a reason for placement change: moving into or within a temporary placement is
--   not a placement change.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number,
       'REASON_PLACE_CHANGE' AS column_name, e.child
FROM episodes AS e
LEFT JOIN episodes AS p ON p.return_id = e.return_id AND p.child = e.child AND p.seq = e.seq - 1
WHERE e.place IN ('T0', 'T1', 'T2', 'T3', 'T4')
  AND (e.reason_place_change IS NOT NULL OR p.reason_place_change IS NOT NULL)
