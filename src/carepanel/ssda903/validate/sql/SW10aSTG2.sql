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
SELECT return_id, 'SWEpisodes' AS table_name, row_number, 'SW_DECOM' AS column_name, child
FROM sw_ordered
WHERE sw_reason IS DISTINCT FROM 'FCONTA'
  AND (sw_decom < prev_dec - INTERVAL 7 DAY OR sw_decom > prev_dec + INTERVAL 7 DAY)
