-- code: 382
-- years: 2023-2027
-- tables: Episodes
-- fields: LS,PLACE
-- message: >-
--   A child receiving respite care cannot be in a temporary placement.
-- note: >-
--   Respite care is legal status V3 or V4; temporary placements are T0 to T4.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE' AS column_name, child
FROM episodes
WHERE ls IN ('V3', 'V4') AND place IN ('T0', 'T1', 'T2', 'T3', 'T4')
