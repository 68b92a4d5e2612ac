-- code: SW08STG2
-- years: 2024-2027
-- tables: SWEpisodes
-- fields: SW_DEC
-- message: A new social worker episode has started, but the previous episode has not ended.
-- note: >-
--   A child's episodes in SW_DECOM order: every episode but the latest needs an SW_DEC that is a
--   real date (one that is not, 30/02/2024, does not say when it ended). The open earlier
--   episode is named.
SELECT return_id, 'SWEpisodes' AS table_name, row_number, 'SW_DEC' AS column_name, child
FROM sw_ordered
WHERE next_row IS NOT NULL AND sw_dec IS NULL
