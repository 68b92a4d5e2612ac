-- code: 550
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,PLACE_PROVIDER
-- message: >-
--   A placement provider code of PR0 can only be associated with placement P1.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE_PROVIDER' AS column_name, child
FROM episodes
WHERE place_provider = 'PR0' AND (place IS NULL OR place <> 'P1')
