-- code: 501
-- years: 2023-2027
-- tables: Episodes
-- fields: DECOM,DEC
-- message: >-
--   A new episode has started before the end date of the previous episode.
-- note: >-
--   Episodes of one child are taken in start date order; an episode starting on the day
--   the previous one ends is a continuation, not an overlap. An open previous episode is
--   not reported here: that is rule 142.
SELECT return_id, 'Episodes' AS table_name, row_number, 'DECOM' AS column_name, child
FROM episodes
WHERE decom < prev_dec
