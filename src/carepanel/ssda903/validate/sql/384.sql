-- code: 384
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,LS
-- message: >-
--   A child receiving respite care cannot be in a long-term foster placement
-- note: >-
--   Long-term foster placements are U1 and U4; respite care is V3 or V4.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE' AS column_name, child
FROM episodes
WHERE ls IN ('V3', 'V4') AND place IN ('U1', 'U4')
