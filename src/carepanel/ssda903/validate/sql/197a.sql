-- code: '197a'
-- years: 2023-2027
-- tables: OC2
-- fields: SDQ_SCORE,SDQ_REASON
-- message: >-
--   Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and
--   Difficulties Questionnaire score is filled in.
SELECT return_id, 'OC2' AS table_name, row_number, 'SDQ_REASON' AS column_name, child
FROM oc2
WHERE sdq_score_text IS NOT NULL AND sdq_reason IS NOT NULL
