-- code: SW01bSTG1
-- years: 2025
-- tables: SWEpisodes
-- fields: SW_DECOM,SW_ID,SW_REASON
-- message: For each social worker episode, information should be complete
-- note: >-
--   An episode that started in the social worker reporting period (on or after 1 April of
--   the year before the collection year: 1 April 2023 for 2024/25) needs SW_DECOM, SW_ID
--   and SW_REASON. An episode with no SW_DECOM, or one that is not a real date, is named too.
SELECT s.return_id, 'SWEpisodes' AS table_name, s.row_number,
       'SW_DECOM, SW_ID, SW_REASON' AS column_name, s.child
FROM sw_episodes AS s JOIN collection AS c ON c.return_id = s.return_id
WHERE s.sw_decom IS NULL
   OR (s.sw_decom >= c.year_start - INTERVAL 1 YEAR
       AND (s.sw_id IS NULL OR s.sw_reason IS NULL))
