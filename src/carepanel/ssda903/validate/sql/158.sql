-- code: 158
-- years: 2023-2027
-- tables: OC2
-- fields: INTERVENTION_RECEIVED,INTERVENTION_OFFERED
-- message: >-
--   If a child has been recorded as receiving an intervention for their substance misuse
--   problem, then the additional item on whether an intervention was offered should be
--   left blank.
-- note: >-
--   INTERVENTION_RECEIVED is 1 and INTERVENTION_OFFERED is not blank.
SELECT return_id, 'OC2' AS table_name, row_number, 'INTERVENTION_OFFERED' AS column_name, child
FROM oc2
WHERE intervention_received = '1' AND intervention_offered IS NOT NULL
