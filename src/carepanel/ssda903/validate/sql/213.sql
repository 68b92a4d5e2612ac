-- code: 213
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE_PROVIDER
-- message: >-
--   Placement provider information not required.
-- note: >-
--   Temporary placements (T0 to T4) take no placement provider, nor from 2025/26 the other
--   placements Z11 to Z14.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE_PROVIDER' AS column_name, child
FROM episodes
WHERE place_provider IS NOT NULL
  AND place IN ('T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14')
