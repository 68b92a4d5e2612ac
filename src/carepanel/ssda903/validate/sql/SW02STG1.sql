-- code: SW02STG1
-- years: 2024-2027
-- tables: SWEpisodes
-- fields: SW_ID
-- message: Social worker ID does not begin with the characters ‘SW’ or ‘XX’.
-- note: >-
--   Capital letters, as the DfE writes them. A blank SW_ID is left to the completeness
--   rules (SW03STG1, SW01aSTG1, SW01bSTG1).
SELECT return_id, 'SWEpisodes' AS table_name, row_number, 'SW_ID' AS column_name, child
FROM sw_episodes
WHERE sw_id IS NOT NULL AND left(sw_id, 2) NOT IN ('SW', 'XX')
