-- code: SW08STG2
-- years: 2024-2027
-- tables: SWEpisodes
-- fields: SW_DEC
-- message: A new social worker episode has started, but the previous episode has not ended.
-- note: >-
--   A child's episodes in SW_DECOM order: every episode but the latest needs an SW_DEC that
--   is a real date (one that is not, 30/02/2024, does not say when it ended). The open
--   earlier episode is named. An episode whose SW_DECOM is not a real date (or is blank)
--   could be the latest: an open episode of a child who has one cannot be confirmed to be
--   the latest, and is named too (the council must give the date anyway).
SELECT o.return_id, 'SWEpisodes' AS table_name, o.row_number, 'SW_DEC' AS column_name, o.child
FROM sw_ordered AS o
WHERE o.sw_dec IS NULL
  AND (o.next_row IS NOT NULL
       OR EXISTS (SELECT 1 FROM sw_episodes AS u
                  WHERE u.return_id = o.return_id AND u.child = o.child
                    AND u.sw_decom IS NULL))
