-- code: 635
-- years: 2023-2027
-- tables: PrevPerm
-- fields: LA_PERM,DATE_PERM,PREV_PERM
-- message: >-
--   There are entries for date of order and local authority code where previous permanence
--   option was arranged but previous permanence code is Z1
SELECT return_id, 'PrevPerm' AS table_name, row_number, 'LA_PERM, DATE_PERM' AS column_name, child
FROM prev_perm
WHERE prev_perm = 'Z1' AND (la_perm IS NOT NULL OR date_perm IS NOT NULL)
