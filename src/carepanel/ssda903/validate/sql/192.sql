-- code: 192
-- years: 2023-2027
-- tables: OC2
-- fields: SUBSTANCE_MISUSE,INTERVENTION_RECEIVED
-- message: >-
--   Child has been identified as having a substance misuse problem but the additional item
--   on whether an intervention was received has been left blank.
SELECT return_id, 'OC2' AS table_name, row_number, 'INTERVENTION_RECEIVED' AS column_name, child
FROM oc2
WHERE substance_misuse = '1' AND intervention_received IS NULL
