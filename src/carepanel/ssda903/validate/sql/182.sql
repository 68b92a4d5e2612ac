-- code: 182
-- years: 2023-2027
-- tables: OC2
-- fields: IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,CONVICTED,HEALTH_CHECK,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
-- message: >-
--   Data entries on immunisations, teeth checks, health assessments and substance misuse
--   problem identified should be completed or all OC2 fields should be left blank.
-- note: >-
--   When any of CONVICTED, HEALTH_CHECK, INTERVENTION_RECEIVED or INTERVENTION_OFFERED is
--   given, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT and SUBSTANCE_MISUSE must all be
--   given.
SELECT return_id, 'OC2' AS table_name, row_number,
       'IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE' AS column_name, child
FROM oc2
WHERE (immunisations IS NULL OR teeth_check IS NULL OR health_assessment IS NULL
       OR substance_misuse IS NULL)
  AND (convicted IS NOT NULL OR health_check IS NOT NULL
       OR intervention_received IS NOT NULL OR intervention_offered IS NOT NULL)
