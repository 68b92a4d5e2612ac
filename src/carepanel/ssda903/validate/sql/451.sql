-- code: 451
-- years: 2023-2024
-- tables: Episodes
-- fields: DEC,REC,LS
-- message: >-
--   Child is still freed for adoption, but freeing orders could not be applied for since
--   30 December 2005.
-- note: >-
--   An open episode (no end date or reason) under a freeing order (D1).
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM episodes
WHERE ls = 'D1' AND dec IS NULL AND rec IS NULL
