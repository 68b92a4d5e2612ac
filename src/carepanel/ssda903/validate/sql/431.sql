-- code: 431
-- years: 2023-2027
-- tables: Episodes
-- fields: RNE,DECOM
-- message: >-
--   The reason for new episode is started to be looked after, but the previous episode
--   ended on the same day.
-- note: >-
--   An episode starting a period of care (RNE S) on or before the day the child's previous
--   episode ended: a new period of care starts after the previous one ended.
SELECT return_id, 'Episodes' AS table_name, row_number, 'RNE' AS column_name, child
FROM episodes
WHERE rne = 'S' AND decom <= prev_dec
