-- code: 190
-- years: 2023-2027
-- tables: OC2,Episodes
-- fields: CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
-- message: >-
--   Child has not been looked after continuously for at least 12 months at 31 March but
--   one or more data items relating to children looked after for 12 months have been
--   completed.
-- note: >-
--   The OC2 cohort (looked after continuously for 12 months at 31 March) is the shared
--   view continuously_looked_after.
SELECT return_id, 'OC2' AS table_name, row_number,
       'CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE, INTERVENTION_RECEIVED, INTERVENTION_OFFERED'
         AS column_name, child
FROM oc2
WHERE (return_id, child) NOT IN (SELECT return_id, child FROM continuously_looked_after)
  AND (convicted IS NOT NULL OR health_check IS NOT NULL OR immunisations IS NOT NULL
       OR teeth_check IS NOT NULL OR health_assessment IS NOT NULL
       OR substance_misuse IS NOT NULL OR intervention_received IS NOT NULL
       OR intervention_offered IS NOT NULL)
