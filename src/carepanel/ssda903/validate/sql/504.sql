-- code: 504
-- years: 2023-2027
-- tables: Episodes
-- fields: CIN
-- message: >-
--   The category of need code differs from that reported at start of current period of
--   being looked after
-- note: >-
--   Within a period of care (the previous episode ended X1 on the day this one starts) the
--   category of need stays the same.
SELECT return_id, 'Episodes' AS table_name, row_number, 'CIN' AS column_name, child
FROM episodes
WHERE prev_rec = 'X1' AND prev_dec = decom AND cin IS DISTINCT FROM prev_cin
