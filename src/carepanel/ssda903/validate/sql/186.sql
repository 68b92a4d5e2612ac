-- code: 186
-- years: 2023-2027
-- tables: Episodes,OC2
-- fields: SDQ_SCORE
-- message: >-
--   Children aged 4 or over at the start of the year and children aged under 17 at the end
--   of the year and who have been looked after for at least 12 months continuously should
--   have a Strengths and Difficulties (SDQ) score completed.
-- note: >-
--   The OC2 cohort (looked after continuously for 12 months at 31 March) is the shared
--   view continuously_looked_after. Aged 4 or over on 1 April and under 17 on 31 March;
--   reported when neither a score nor a reason for no score is given.
SELECT o.return_id, 'OC2' AS table_name, o.row_number, 'SDQ_SCORE' AS column_name, o.child
FROM oc2 AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE (o.return_id, o.child) IN (SELECT return_id, child FROM continuously_looked_after)
  AND o.sdq_score_text IS NULL AND o.sdq_reason IS NULL
  AND birthday(o.dob, 4) <= c.year_start
  AND birthday(o.dob, 17) > c.year_end
