-- code: 436
-- years: 2023-2027
-- tables: Episodes
-- fields: RNE,LS,PLACE,PL_POST,URN,PLACE_PROVIDER
-- message: >-
--   Reason for new episode is that both child’s placement and legal status have changed,
--   but this is not reflected in the episode data.
-- note: >-
--   RNE U or B (legal status and placement change): compared with the child's previous
--   episode, LS must differ and at least one of PLACE, PL_POST, URN and PLACE_PROVIDER
--   must differ (blank equals blank).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'RNE' AS column_name, e.child
FROM episodes AS e
JOIN episodes AS p ON p.return_id = e.return_id AND p.child = e.child AND p.seq = e.seq - 1
WHERE e.rne IN ('U', 'B')
  AND (e.ls IS NOT DISTINCT FROM p.ls
       OR (e.place IS NOT DISTINCT FROM p.place AND e.pl_post IS NOT DISTINCT FROM p.pl_post
           AND e.urn IS NOT DISTINCT FROM p.urn
           AND e.place_provider IS NOT DISTINCT FROM p.place_provider))
