-- code: SW14STG2
-- years: 2024
-- tables: SWEpisodes
-- fields: SW_DEC
-- message: Social worker episode date ceased is blank.
-- note: >-
--   Only a child's latest social worker episode (by SW_DECOM) may be open; an earlier one
--   with SW_DEC blank is named.
SELECT return_id, 'SWEpisodes' AS table_name, row_number, 'SW_DEC' AS column_name, child
FROM sw_ordered
WHERE newest_first > 1 AND sw_dec_text IS NULL
