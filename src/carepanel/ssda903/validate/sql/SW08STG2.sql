-- code: SW08STG2
-- years: 2024-2027
-- tables: SWEpisodes
-- fields: SW_DEC
-- message: A new social worker episode has started, but the previous episode has not ended.
-- note: >-
--   A child's episodes in SW_DECOM order: every episode but the latest needs an SW_DEC. The
--   open earlier episode is named.
WITH ordered AS (
    SELECT return_id, row_number, child, sw_dec_text,
           lead(row_number) OVER (PARTITION BY return_id, child ORDER BY sw_decom, row_number)
             AS next_row
    FROM sw_episodes
    WHERE child IS NOT NULL AND sw_decom IS NOT NULL
)
SELECT return_id, 'SWEpisodes' AS table_name, row_number, 'SW_DEC' AS column_name, child
FROM ordered
WHERE next_row IS NOT NULL AND sw_dec_text IS NULL
