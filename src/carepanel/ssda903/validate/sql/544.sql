-- code: 544
-- years: 2023-2027
-- tables: OC2
-- fields: CONVICTED,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE
-- message: >-
--   Any child who has conviction information completed must also have immunisation, teeth
--   check, health assessment and substance misuse problem identified fields completed.
SELECT return_id, 'OC2' AS table_name, row_number,
       'IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE' AS column_name, child
FROM oc2
WHERE convicted IS NOT NULL
  AND (immunisations IS NULL OR teeth_check IS NULL OR health_assessment IS NULL
       OR substance_misuse IS NULL)
