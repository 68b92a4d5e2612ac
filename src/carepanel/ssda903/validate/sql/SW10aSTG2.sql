-- code: SW10aSTG2
-- years: 2026-2027
-- tables: SWEpisodes
-- fields: SW_DECOM
-- message: >-
--   A new social worker episode has started and it is not within +/- 7 days of a previous
--   episode.
-- note: >-
--   A child's episodes in SW_DECOM order: an episode (other than first contact, FCONTA)
--   starting more than 7 days before or after the day the previous one ended.
WITH ordered AS (
    SELECT return_id, row_number, child, sw_decom, sw_reason,
           lag(sw_dec) OVER (PARTITION BY return_id, child ORDER BY sw_decom, row_number)
             AS prev_dec
    FROM sw_episodes
    WHERE child IS NOT NULL AND sw_decom IS NOT NULL
)
SELECT return_id, 'SWEpisodes' AS table_name, row_number, 'SW_DECOM' AS column_name, child
FROM ordered
WHERE sw_reason IS DISTINCT FROM 'FCONTA'
  AND (sw_decom < prev_dec - INTERVAL 7 DAY OR sw_decom > prev_dec + INTERVAL 7 DAY)
