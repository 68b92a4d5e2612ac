-- code: '217t'
-- years: 2024
-- tables: Episodes
-- fields: PLACE,DECOM
-- message: >-
--   Placement type 'P2' is not a valid placement type from 28 October 2023.
-- note: >-
--   A P2 placement still open after 28 October 2023, or ending after it.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE' AS column_name, child
FROM episodes
WHERE place = 'P2' AND (dec IS NULL OR dec > DATE '2023-10-28')
