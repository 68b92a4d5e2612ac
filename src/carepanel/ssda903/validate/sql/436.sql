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
SELECT return_id, 'Episodes' AS table_name, row_number, 'RNE' AS column_name, child
FROM episodes
WHERE child IS NOT NULL AND seq > 1 AND rne IN ('U', 'B')
  AND (ls IS NOT DISTINCT FROM prev_ls
       OR (place IS NOT DISTINCT FROM prev_place AND pl_post IS NOT DISTINCT FROM prev_pl_post
           AND urn IS NOT DISTINCT FROM prev_urn
           AND place_provider IS NOT DISTINCT FROM prev_place_provider))
