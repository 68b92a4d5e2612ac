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
SELECT return_id, 'SWEpisodes' AS table_name, row_number,
       'SW_DECOM, SW_REASON' AS column_name, child
FROM sw_ordered
WHERE sw_reason = 'FCONTA' AND sw_decom <= prev_dec
