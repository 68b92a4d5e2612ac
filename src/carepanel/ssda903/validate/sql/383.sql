-- code: 383
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,RNE,PL_POST
-- message: >-
--   A child in a temporary placement must subsequently return to his/her normal placement.
-- note: >-
--   The episode after a temporary placement (T0 to T4) must be a change of placement (RNE
--   P) back to the placement before it: the same placement type and postcode.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number,
       'RNE, PLACE, PL_POST' AS column_name, e.child
FROM episodes AS e
JOIN episodes AS t ON t.return_id = e.return_id AND t.child = e.child AND t.seq = e.seq - 1
JOIN episodes AS b ON b.return_id = e.return_id AND b.child = e.child AND b.seq = e.seq - 2
WHERE t.place IN ('T0', 'T1', 'T2', 'T3', 'T4')
  AND (e.rne IS DISTINCT FROM 'P' OR e.place IS DISTINCT FROM b.place
       OR e.pl_post IS DISTINCT FROM b.pl_post)
