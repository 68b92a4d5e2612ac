-- code: 426
-- years: 2023-2027
-- tables: Episodes
-- fields: LS
-- message: >-
--   A child receiving respite care cannot be recorded under a legal status of V3 and V4 in
--   the same year.
-- note: >-
--   Every V3 and V4 episode of a child who has both in the return is named.
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM episodes
WHERE ls IN ('V3', 'V4')
  AND (return_id, child) IN (SELECT return_id, child FROM episodes WHERE ls = 'V3')
  AND (return_id, child) IN (SELECT return_id, child FROM episodes WHERE ls = 'V4')
