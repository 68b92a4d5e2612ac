-- code: 388
-- years: 2023-2027
-- tables: Episodes
-- fields: REC
-- message: >-
--   Reason episode ceased is coded new episode begins, but there is no continuation
--   episode.
-- note: >-
--   Three cases, over the child's episodes in start order (an episode whose DECOM is not a
--   real date last, its place unknown): an X1 episode followed by one that does not start
--   on its end date; an episode with another reason for ending followed by one starting on
--   its end date; and the child's last episode in the return ending with X1. An X1 episode
--   followed by one whose DECOM is not a real date is named too: that a continuation starts
--   on its end date cannot be confirmed (the council must give the date anyway).
SELECT return_id, 'Episodes' AS table_name, row_number, 'REC' AS column_name, child
FROM episodes
WHERE (seq < episodes_of_child AND rec = 'X1' AND dec IS NOT NULL
       AND (next_decom IS NULL OR dec <> next_decom))
   OR (seq < episodes_of_child AND rec <> 'X1' AND dec = next_decom)
   OR (seq = episodes_of_child AND rec = 'X1' AND dec IS NOT NULL)
