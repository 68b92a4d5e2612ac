-- code: SW07STG2
-- years: 2024-2027
-- tables: SWEpisodes
-- fields: SW_DEC
-- message: >-
--   Social worker episode end date should be on or after the start of the social worker
--   reporting period, and should be on or before the collection end date.
-- note: >-
--   The social worker reporting period starts on 1 April of the collection year in 2023/24,
--   the first year of the table, and on 1 April of the year before from 2024/25 (the DfE
--   asked for two years of social workers in 2024/25: see SW01aSTG1).
SELECT s.return_id, 'SWEpisodes' AS table_name, s.row_number, 'SW_DEC' AS column_name, s.child
FROM sw_episodes AS s JOIN collection AS c ON c.return_id = s.return_id
WHERE s.sw_dec > c.year_end
   OR s.sw_dec < CASE WHEN c.year <= 2024 THEN c.year_start
                      ELSE c.year_start - INTERVAL 1 YEAR END
