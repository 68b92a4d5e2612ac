-- code: '197B'
-- years: 2023-2027
-- tables: OC2,Episodes
-- fields: SDQ_REASON,DOB
-- message: >-
--   SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.
-- note: >-
--   The OC2 cohort (looked after continuously for 12 months at 31 March) is the shared
--   view continuously_looked_after. A child whose 4th or 17th birthday falls in the
--   collection year needs a score or a reason for no score.
SELECT o.return_id, 'OC2' AS table_name, o.row_number,
       'SDQ_SCORE, SDQ_REASON' AS column_name, o.child
FROM oc2 AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE (o.return_id, o.child) IN (SELECT return_id, child FROM continuously_looked_after)
  AND o.sdq_score_text IS NULL AND o.sdq_reason IS NULL
  AND (birthday(o.dob, 4) BETWEEN c.year_start AND c.year_end
       OR birthday(o.dob, 17) BETWEEN c.year_start AND c.year_end)
