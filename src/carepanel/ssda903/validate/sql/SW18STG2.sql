-- code: SW18STG2
-- years: 2026-2027
-- tables: SWEpisodes
-- fields: SW_DEC,SW_DECOM
-- message: The end date of the social worker episode is before the start date
-- note: >-
--   SW_DEC earlier than SW_DECOM. An episode ending on the day it started is rule SW09STG2.
SELECT return_id, 'SWEpisodes' AS table_name, row_number, 'SW_DECOM, SW_DEC' AS column_name, child
FROM sw_episodes
WHERE sw_dec < sw_decom
