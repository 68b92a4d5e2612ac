-- code: 435
-- years: 2023-2027
-- tables: Episodes
-- fields: LS,PLACE,PL_POST,URN,PLACE_PROVIDER
-- message: >-
--   Reason for new episode is that child’s placement has changed but not the legal status,
--   but this is not reflected in the episode data recorded.
-- note: >-
--   RNE P or T (placement change only): compared with the child's previous episode, LS
--   must be the same and at least one of PLACE, PL_POST, URN and PLACE_PROVIDER must
--   differ (blank equals blank).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'RNE' AS column_name, e.child
FROM episodes AS e
JOIN episodes AS p ON p.return_id = e.return_id AND p.child = e.child AND p.seq = e.seq - 1
WHERE e.rne IN ('P', 'T')
  AND (e.ls IS DISTINCT FROM p.ls
       OR (e.place IS NOT DISTINCT FROM p.place AND e.pl_post IS NOT DISTINCT FROM p.pl_post
           AND e.urn IS NOT DISTINCT FROM p.urn
           AND e.place_provider IS NOT DISTINCT FROM p.place_provider))
