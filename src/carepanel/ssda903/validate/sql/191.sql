-- code: 191
-- years: 2023-2027
-- tables: OC2,Episodes
-- fields: IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,CHILD
-- message: >-
--   Child has been looked after continuously for at least 12 months at 31 March but one or
--   more data items relating to children looked after for 12 months have been left blank.
-- note: >-
--   The OC2 cohort (looked after continuously for 12 months at 31 March) is the shared
--   view continuously_looked_after. Reported on the OC2 row when IMMUNISATIONS,
--   TEETH_CHECK, HEALTH_ASSESSMENT or SUBSTANCE_MISUSE is blank, and on the child's first
--   episode when the child has no OC2 row at all.
SELECT return_id, 'OC2' AS table_name, row_number,
       'IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE' AS column_name, child
FROM oc2
WHERE (return_id, child) IN (SELECT return_id, child FROM continuously_looked_after)
  AND (immunisations IS NULL OR teeth_check IS NULL OR health_assessment IS NULL
       OR substance_misuse IS NULL)
UNION ALL
SELECT return_id, 'Episodes', row_number, 'CHILD', child
FROM episodes
WHERE seq = 1 AND (return_id, child) IN (SELECT return_id, child FROM continuously_looked_after)
  AND (return_id, child) NOT IN (SELECT return_id, child FROM oc2 WHERE child IS NOT NULL)
