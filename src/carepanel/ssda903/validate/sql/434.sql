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
SELECT return_id, 'Episodes' AS table_name, row_number, 'RNE' AS column_name, child
FROM episodes
WHERE child IS NOT NULL AND seq > 1 AND rne = 'L'
  AND (ls IS NOT DISTINCT FROM prev_ls
       OR place IS DISTINCT FROM prev_place OR pl_post IS DISTINCT FROM prev_pl_post
       OR urn IS DISTINCT FROM prev_urn OR place_provider IS DISTINCT FROM prev_place_provider)
