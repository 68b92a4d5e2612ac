-- code: 193
-- years: 2023-2027
-- tables: OC2
-- fields: SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
-- message: >-
--   Child not identified as having a substance misuse problem but at least one of the two
--   additional items on whether an intervention were offered and received have been
--   completed.
-- note: >-
--   SUBSTANCE_MISUSE 0 or blank with INTERVENTION_RECEIVED or INTERVENTION_OFFERED given.
SELECT return_id, 'OC2' AS table_name, row_number,
       'INTERVENTION_RECEIVED, INTERVENTION_OFFERED' AS column_name, child
FROM oc2
WHERE (substance_misuse IS NULL OR substance_misuse = '0')
  AND (intervention_received IS NOT NULL OR intervention_offered IS NOT NULL)
