-- code: 225
-- years: 2023-2027
-- tables: Episodes
-- fields: REASON_PLACE_CHANGE
-- message: >-
--   Reason for placement change must be recorded.
-- note: >-
--   An episode that ends with X1 and is followed by a change of placement (the next
--   episode's RNE is P, B, T or U) needs the reason for the change, unless either
--   placement is temporary (T0 to T4).
SELECT return_id, 'Episodes' AS table_name, row_number, 'REASON_PLACE_CHANGE' AS column_name, child
FROM episodes
WHERE rec = 'X1' AND reason_place_change IS NULL
  AND next_rne IN ('P', 'B', 'T', 'U')
  AND (place IS NULL OR place NOT IN ('T0', 'T1', 'T2', 'T3', 'T4'))
  AND (next_place IS NULL OR next_place NOT IN ('T0', 'T1', 'T2', 'T3', 'T4'))
