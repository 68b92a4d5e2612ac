-- code: 445
-- years: 2023-2024
-- tables: Episodes
-- fields: LS,DECOM
-- message: >-
--   D1 is not a valid code for episodes starting after December 2005.
-- note: >-
--   Freeing order is D1; after December 2005 means a start after 31 December 2005.
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM episodes
WHERE ls = 'D1' AND decom > DATE '2005-12-31'
