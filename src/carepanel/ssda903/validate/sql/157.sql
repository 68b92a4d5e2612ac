-- code: 157
-- years: 2023-2027
-- tables: OC2,Episodes
-- fields: SDQ_REASON,DOB
-- message: >-
--   Child is aged 4 years or over at the beginning of the year or 16 years or under at the
--   end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded
--   as the reason for no Strengths and Difficulties Questionnaire (SDQ) score.
-- note: >-
--   SDQ1 (no score because of the child's age) given, with no score, for a child in the
--   OC2 cohort who was 4 or over on 1 April and 16 or under on 31 March (16th birthday on
--   or after 31 March).
SELECT o.return_id, 'OC2' AS table_name, o.row_number, 'SDQ_REASON' AS column_name, o.child
FROM oc2 AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE (o.return_id, o.child) IN (SELECT return_id, child FROM continuously_looked_after)
  AND o.sdq_score_text IS NULL AND o.sdq_reason = 'SDQ1'
  AND birthday(o.dob, 4) <= c.year_start
  AND birthday(o.dob, 16) >= c.year_end
