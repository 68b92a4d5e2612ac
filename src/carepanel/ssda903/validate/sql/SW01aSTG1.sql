-- code: SW01aSTG1
-- years: 2025
-- tables: SWEpisodes
-- fields: SW_DECOM,SW_ID
-- message: For each social worker episode, information should be complete
-- note: >-
--   An episode that started before the social worker reporting period (1 April of the year
--   before the collection year: 1 April 2023 for 2024/25) needs SW_DECOM and SW_ID;
--   SW_REASON may be blank. An episode with no SW_DECOM, or one that is not a real date, is named too.
SELECT s.return_id, 'SWEpisodes' AS table_name, s.row_number,
       'SW_DECOM, SW_ID' AS column_name, s.child
FROM sw_episodes AS s JOIN collection AS c ON c.return_id = s.return_id
WHERE s.sw_decom IS NULL
   OR (s.sw_decom < c.year_start - INTERVAL 1 YEAR AND s.sw_id IS NULL)
