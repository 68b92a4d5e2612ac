-- code: 444
-- years: 2026-2027
-- tables: Header
-- fields: UPN
-- message: >-
--   Duplicate UPN has been reported
-- note: >-
--   Every Header row holding a UPN that another row of the return also holds is named; the
--   unknown codes UN1 to UN5 may repeat.
SELECT return_id, 'Header' AS table_name, row_number, 'UPN' AS column_name, child
FROM header
WHERE upn IS NOT NULL AND upn NOT IN ('UN1', 'UN2', 'UN3', 'UN4', 'UN5')
  AND (return_id, upn) IN (SELECT return_id, upn FROM header
                          GROUP BY return_id, upn HAVING count(*) > 1)
