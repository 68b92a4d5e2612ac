-- code: 526
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,PLACE_PROVIDER
-- message: >-
--   Child is missing a placement provider code for at least one episode.
-- note: >-
--   Every placement needs a provider except temporary placements (T0 to T4), other
--   placements Z1 (to 2024/25) and Z11 to Z14 (from 2025/26), which take none (rules 178,
--   213).
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE_PROVIDER' AS column_name, child
FROM episodes
WHERE place_provider IS NULL
  AND (place IS NULL
       OR place NOT IN ('T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14'))
