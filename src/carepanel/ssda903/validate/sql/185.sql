-- code: 185
-- years: 2023-2027
-- tables: Episodes,OC2
-- fields: SDQ_SCORE
-- message: >-
--   Child has not been looked after continuously for at least 12 months at 31 March but a
--   Strengths and Difficulties (SDQ) score has been completed.
-- note: >-
--   The OC2 cohort (looked after continuously for 12 months at 31 March) is the shared
--   view continuously_looked_after.
SELECT return_id, 'OC2' AS table_name, row_number, 'SDQ_SCORE' AS column_name, child
FROM oc2
WHERE sdq_score_text IS NOT NULL
  AND (return_id, child) NOT IN (SELECT return_id, child FROM continuously_looked_after)
