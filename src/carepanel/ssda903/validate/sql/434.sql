-- code: 434
-- years: 2023-2027
-- tables: Episodes
-- fields: RNE,LS,PLACE,PL_POST,URN,PLACE_PROVIDER
-- message: >-
--   Reason for new episode is that child's legal status has changed but not the placement,
--   but this is not reflected in the episode data.
-- note: >-
--   RNE L (legal status change only): compared with the child's previous episode, LS must
--   differ and PLACE, PL_POST, URN and PLACE_PROVIDER must all be the same (blank equals
--   blank).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'RNE' AS column_name, e.child
FROM episodes AS e
JOIN episodes AS p ON p.return_id = e.return_id AND p.child = e.child AND p.seq = e.seq - 1
WHERE e.rne = 'L'
  AND (e.ls IS NOT DISTINCT FROM p.ls
       OR e.place IS DISTINCT FROM p.place OR e.pl_post IS DISTINCT FROM p.pl_post
       OR e.urn IS DISTINCT FROM p.urn OR e.place_provider IS DISTINCT FROM p.place_provider)
