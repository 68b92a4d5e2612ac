-- code: 547
-- years: 2023-2027
-- tables: OC2
-- fields: HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE
-- message: >-
--   Any child who has health promotion information completed must also have immunisation,
--   teeth check, health assessment and substance misuse problem identified fields
--   completed.
SELECT return_id, 'OC2' AS table_name, row_number,
       'IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE' AS column_name, child
FROM oc2
WHERE health_check IS NOT NULL
  AND (immunisations IS NULL OR teeth_check IS NULL OR health_assessment IS NULL
       OR substance_misuse IS NULL)
