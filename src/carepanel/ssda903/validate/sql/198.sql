-- code: 198
-- years: 2023-2027
-- tables: Episodes,OC2
-- fields: SDQ_REASON
-- message: >-
--   Child has not been looked after continuously for at least 12 months at 31 March but a
--   reason for no Strengths and Difficulties (SDQ) score has been completed.
-- note: >-
--   The OC2 cohort (looked after continuously for 12 months at 31 March) is the shared
--   view continuously_looked_after.
SELECT return_id, 'OC2' AS table_name, row_number, 'SDQ_REASON' AS column_name, child
FROM oc2
WHERE sdq_reason IS NOT NULL
  AND (return_id, child) NOT IN (SELECT return_id, child FROM continuously_looked_after)
