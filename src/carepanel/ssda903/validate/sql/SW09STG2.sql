-- code: SW09STG2
-- years: 2024-2027
-- tables: SWEpisodes
-- fields: SW_DECOM,SW_DEC
-- message: Social worker episode appears to have lasted for less than 24 hours.
-- note: >-
--   With dates only, an episode that ends on the day it started (or before it) lasted less
--   than a day.
SELECT return_id, 'SWEpisodes' AS table_name, row_number, 'SW_DECOM, SW_DEC' AS column_name, child
FROM sw_episodes
WHERE sw_dec <= sw_decom
