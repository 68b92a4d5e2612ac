-- code: 188
-- years: 2023-2027
-- tables: OC2
-- fields: SDQ_SCORE,SDQ_REASON
-- message: >-
--   Child is aged under 4 years at the end of the year, but a Strengths and Difficulties
--   (SDQ) score or a reason for no SDQ score has been completed.
-- note: >-
--   Under 4 on 31 March.
SELECT o.return_id, 'OC2' AS table_name, o.row_number,
       'SDQ_SCORE, SDQ_REASON' AS column_name, o.child
FROM oc2 AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE birthday(o.dob, 4) > c.year_end
  AND (o.sdq_score_text IS NOT NULL OR o.sdq_reason IS NOT NULL)
