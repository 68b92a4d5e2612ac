-- code: 432
-- years: 2023-2027
-- tables: Episodes
-- fields: RNE
-- message: >-
--   The child ceased to be looked after at the end of the previous episode but the reason
--   for the new episode is not started to be looked after.
-- note: >-
--   The previous episode ended the period of care (a REC other than X1), so the next one
--   must start a new period (RNE S).
SELECT return_id, 'Episodes' AS table_name, row_number, 'RNE' AS column_name, child
FROM episodes
WHERE prev_rec IS NOT NULL AND prev_rec <> 'X1' AND (rne IS NULL OR rne <> 'S')
