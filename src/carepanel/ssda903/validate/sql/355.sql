-- code: 355
-- years: 2023-2027
-- tables: Episodes
-- fields: DECOM,DEC
-- message: >-
--   Episode appears to have lasted for less than 24 hours
-- note: >-
--   An episode that ends on the day it starts.
SELECT return_id, 'Episodes' AS table_name, row_number, 'DEC' AS column_name, child
FROM episodes
WHERE dec = decom
