-- code: 159
-- years: 2023-2027
-- tables: OC2
-- fields: SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
-- message: >-
--   If a child has been recorded as not receiving an intervention for their substance
--   misuse problem, then the additional item on whether an intervention was offered should
--   be completed as well.
-- note: >-
--   SUBSTANCE_MISUSE 1 and INTERVENTION_RECEIVED 0 need INTERVENTION_OFFERED.
SELECT return_id, 'OC2' AS table_name, row_number, 'INTERVENTION_OFFERED' AS column_name, child
FROM oc2
WHERE substance_misuse = '1' AND intervention_received = '0' AND intervention_offered IS NULL
