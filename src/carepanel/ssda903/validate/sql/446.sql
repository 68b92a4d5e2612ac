-- code: 446
-- years: 2023-2027
-- tables: Episodes
-- fields: LS,DECOM
-- message: >-
--   E1 is not a valid code for episodes starting before December 2005.
-- note: >-
--   Placement order is E1; before December 2005 means a start before 1 December 2005.
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM episodes
WHERE ls = 'E1' AND decom < DATE '2005-12-01'
