-- code: SW14STG2
-- years: 2024
-- tables: SWEpisodes
-- fields: SW_DEC
-- message: Social worker episode date ceased is blank.
-- note: >-
--   Only a child's latest social worker episode (by SW_DECOM) may be open; an earlier one
--   with SW_DEC blank is named.
WITH ordered AS (
    SELECT return_id, row_number, child, sw_dec_text,
           row_number() OVER (PARTITION BY return_id, child ORDER BY sw_decom DESC, row_number DESC)
             AS newest_first
    FROM sw_episodes
    WHERE child IS NOT NULL AND sw_decom IS NOT NULL
)
SELECT return_id, 'SWEpisodes' AS table_name, row_number, 'SW_DEC' AS column_name, child
FROM ordered
WHERE newest_first > 1 AND sw_dec_text IS NULL
