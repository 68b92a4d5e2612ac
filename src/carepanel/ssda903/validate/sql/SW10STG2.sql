-- code: SW10STG2
-- years: 2024-2027
-- tables: SWEpisodes
-- fields: SW_DECOM
-- message: >-
--   A new social worker episode has started before the end date of the previous social
--   worker episode.
-- note: >-
--   A child's episodes in SW_DECOM order: an episode starting more than 7 days before the
--   previous one ended (the DfE allows 7 days either side for a handover). From 2024/25 an
--   episode whose reason is first contact (FCONTA) is left to SW10bSTG2.
SELECT o.return_id, 'SWEpisodes' AS table_name, o.row_number, 'SW_DECOM' AS column_name,
       o.child
FROM sw_ordered AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE o.sw_decom < o.prev_dec - INTERVAL 7 DAY
  AND (c.year <= 2024 OR o.sw_reason IS DISTINCT FROM 'FCONTA')
