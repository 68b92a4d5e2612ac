-- code: 531
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,PLACE_PROVIDER
-- message: >-
--   A placement provider code of PR5 cannot be associated with placements P1.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE_PROVIDER' AS column_name, child
FROM episodes
WHERE place_provider = 'PR5' AND place IN ('P1')
