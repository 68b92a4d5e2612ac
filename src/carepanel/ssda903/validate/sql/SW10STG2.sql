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
--   episode whose reason is first contact (FCONTA) is left to SW10bSTG2. Where a date is
--   not a real date (or is blank) an overlap cannot be ruled out, and the episode is named
--   too (the council must give the date anyway): an episode after one whose SW_DEC is not a
--   date (an open episode has not ended: the new one started before its end), and an
--   episode of a child with others whose own SW_DECOM is not a date. An episode starting
--   more than 7 days after the previous one ended is not named: a gap is not an overlap.
SELECT o.return_id, 'SWEpisodes' AS table_name, o.row_number, 'SW_DECOM' AS column_name,
       o.child
FROM sw_ordered AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE (o.sw_decom < o.prev_dec - INTERVAL 7 DAY OR (o.seq > 1 AND o.prev_dec IS NULL))
  AND (c.year <= 2024 OR o.sw_reason IS DISTINCT FROM 'FCONTA')
UNION ALL
SELECT u.return_id, 'SWEpisodes' AS table_name, u.row_number, 'SW_DECOM' AS column_name,
       u.child
FROM sw_episodes AS u JOIN collection AS c ON c.return_id = u.return_id
WHERE u.sw_decom IS NULL AND u.child IS NOT NULL
  AND (c.year <= 2024 OR u.sw_reason IS DISTINCT FROM 'FCONTA')
  AND EXISTS (SELECT 1 FROM sw_episodes AS v
              WHERE v.return_id = u.return_id AND v.child = u.child
                AND v.row_number <> u.row_number)
