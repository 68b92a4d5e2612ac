-- code: 379
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: DECOM,PLACE
-- message: >-
--   Temporary placements for unspecified reason (placement code T4) cannot exceed seven
--   days.
-- note: >-
--   Unspecified Is T4. Only ended episodes are measured, as the DfE's rule text compares
--   DEC with DECOM.
SELECT return_id, 'Episodes' AS table_name, row_number, 'DEC' AS column_name, child
FROM episodes
WHERE place = 'T4' AND dec > decom + INTERVAL 7 DAY
