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
SELECT return_id, 'Episodes' AS table_name, row_number, 'RNE' AS column_name, child
FROM episodes
WHERE child IS NOT NULL AND seq > 1 AND rne IN ('P', 'T')
  AND (ls IS DISTINCT FROM prev_ls
       OR (place IS NOT DISTINCT FROM prev_place AND pl_post IS NOT DISTINCT FROM prev_pl_post
           AND urn IS NOT DISTINCT FROM prev_urn
           AND place_provider IS NOT DISTINCT FROM prev_place_provider))
