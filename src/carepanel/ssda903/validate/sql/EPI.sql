-- code: 'EPI'
-- years: 2023-2027
-- tables: Header
-- fields: CHILD
-- message: >-
--   WARNING: Episodes need to be loaded for this child before further validation is
--   possible
-- note: >-
--   A Header child with no episode and no care leaver (OC3) row this year.
SELECT return_id, 'Header' AS table_name, row_number, 'CHILD' AS column_name, child
FROM header
WHERE (return_id, child) NOT IN (SELECT return_id, child FROM episodes WHERE child IS NOT NULL)
  AND (return_id, child) NOT IN (SELECT return_id, child FROM oc3 WHERE child IS NOT NULL)
