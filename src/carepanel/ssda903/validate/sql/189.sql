-- code: 189
-- years: 2023-2027
-- tables: OC2
-- fields: DOB,SDQ_SCORE,SDQ_REASON
-- message: >-
--   Child is aged 17 years or over at the beginning of the year, but an Strengths and
--   Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has
--   been completed.
-- note: >-
--   17 or over on 1 April (17th birthday before 1 April).
SELECT o.return_id, 'OC2' AS table_name, o.row_number,
       'SDQ_SCORE, SDQ_REASON' AS column_name, o.child
FROM oc2 AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE birthday(o.dob, 17) < c.year_start
  AND (o.sdq_score_text IS NOT NULL OR o.sdq_reason IS NOT NULL)
