-- code: 187
-- years: 2023-2027
-- tables: OC3,AD1,Episodes
-- fields: DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR,IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any
--   of adoption or care leavers returns completed.
-- note: >-
--   A child in the OC2 cohort (continuously_looked_after) with any adoption (AD1) or care
--   leaver (OC3) item.
SELECT return_id, 'AD1' AS table_name, row_number,
       'DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR' AS column_name, child
FROM ad1
WHERE (return_id, child) IN (SELECT return_id, child FROM continuously_looked_after)
  AND (date_int IS NOT NULL OR date_match IS NOT NULL OR foster_care IS NOT NULL
       OR nb_adoptr IS NOT NULL OR sex_adoptr IS NOT NULL OR ls_adoptr IS NOT NULL)
UNION ALL
SELECT return_id, 'OC3', row_number, 'IN_TOUCH, ACTIV, ACCOM', child
FROM oc3
WHERE (return_id, child) IN (SELECT return_id, child FROM continuously_looked_after)
  AND (in_touch IS NOT NULL OR activ IS NOT NULL OR accom IS NOT NULL)
