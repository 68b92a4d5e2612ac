-- code: SW10bSTG2
-- years: 2026-2027
-- tables: SWEpisodes
-- fields: SW_DECOM,SW_REASON
-- message: >-
--   A new social worker episode has started with a reason of first contact before the
--   previous episode has ended.
-- note: >-
--   A child's episodes in SW_DECOM order: an episode with reason FCONTA must start after
--   the day the previous episode ended.
WITH ordered AS (
    SELECT return_id, row_number, child, sw_decom, sw_reason,
           lag(sw_dec) OVER (PARTITION BY return_id, child ORDER BY sw_decom, row_number)
             AS prev_dec
    FROM sw_episodes
    WHERE child IS NOT NULL AND sw_decom IS NOT NULL
)
SELECT return_id, 'SWEpisodes' AS table_name, row_number,
       'SW_DECOM, SW_REASON' AS column_name, child
FROM ordered
WHERE sw_reason = 'FCONTA' AND sw_decom <= prev_dec
