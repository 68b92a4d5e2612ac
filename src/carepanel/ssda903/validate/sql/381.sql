-- code: 381
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,REC
-- message: >-
--   A period of care cannot end with a temporary placement.
-- note: >-
--   A temporary placement (T0 to T4) that ends must end with X1 (a new episode follows).
SELECT return_id, 'Episodes' AS table_name, row_number, 'REC' AS column_name, child
FROM episodes
WHERE place IN ('T0', 'T1', 'T2', 'T3', 'T4') AND rec IS NOT NULL AND rec <> 'X1'
