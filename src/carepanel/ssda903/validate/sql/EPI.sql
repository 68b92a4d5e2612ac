-- code: 'EPI'
-- years: 2023-2027
-- tables: Header
-- fields: CHILD
-- message: >-
--   WARNING: Episodes need to be loaded for this child before further validation is
--   possible
-- note: >-
--   A Header child with no episode and no care leaver (OC3) row this year.
SELECT 'Header' AS table_name, row_number, 'CHILD' AS column_name, child
FROM header
WHERE child NOT IN (SELECT child FROM episodes WHERE child IS NOT NULL)
  AND child NOT IN (SELECT child FROM oc3 WHERE child IS NOT NULL)
