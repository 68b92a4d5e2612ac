-- code: 134
-- years: 2023-2027
-- tables: OC3,AD1
-- fields: IN_TOUCH,ACTIV,ACCOM,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
-- message: >-
--   Data on adoption should not be entered for the OC3 cohort.
-- note: >-
--   Reported on the AD1 row when the same child has care leaver (OC3) information and any
--   adoption item.
SELECT a.return_id, 'AD1' AS table_name, a.row_number,
       'DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR' AS column_name, a.child
FROM ad1 AS a JOIN oc3 AS o ON o.return_id = a.return_id AND o.child = a.child
WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
  AND (a.date_int IS NOT NULL OR a.date_match IS NOT NULL OR a.foster_care IS NOT NULL
       OR a.nb_adoptr IS NOT NULL OR a.sex_adoptr IS NOT NULL OR a.ls_adoptr IS NOT NULL)
