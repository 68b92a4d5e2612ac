-- code: SW03STG1
-- years: 2024
-- tables: SWEpisodes
-- fields: SW_ID,SW_DECOM,SW_REASON
-- message: For each social worker episode, information should be complete.
-- note: >-
--   Every social worker episode has SW_ID, SW_DECOM and SW_REASON; SW_DEC may be blank.
SELECT return_id, 'SWEpisodes' AS table_name, row_number,
       'SW_ID, SW_DECOM, SW_REASON' AS column_name, child
FROM sw_episodes
WHERE sw_id IS NULL OR sw_decom_text IS NULL OR sw_reason IS NULL
