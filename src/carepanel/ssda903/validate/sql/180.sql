-- code: 180
-- years: 2023-2027
-- tables: OC2
-- fields: SDQ_SCORE
-- message: >-
--   Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.
-- note: >-
--   An SDQ score is a whole number from 0 to 40.
SELECT return_id, 'OC2' AS table_name, row_number, 'SDQ_SCORE' AS column_name, child
FROM oc2
WHERE sdq_score_text IS NOT NULL AND (sdq_score IS NULL OR sdq_score NOT BETWEEN 0 AND 40)
