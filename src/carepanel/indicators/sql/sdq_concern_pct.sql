-- id: sdq_concern_pct
-- title: Children aged 5 to 16 looked after for 12 months whose SDQ score is a cause for concern
-- unit: percent
-- polarity: low
-- cohort: oc2_cohort
-- source: indicator_methodology.md 2.2; indicators.md decisions 1, 6 and 8
-- requires: oc2
-- period: year
-- period_note: >
--   the cohort is children looked after continuously for 12 months at the period end
--   (oc2_cohort), and the OC2 table holds outcomes for the year of the return whose
--   reference date is the period end; over a quarter neither is what the DfE defines
-- definition: >
--   Of the children looked after continuously for 12 months at the end of the period, aged
--   5 to 16 then, who have a Strengths and Difficulties Questionnaire score in the OC2
--   table of the return whose reference date is the period end, the percentage scoring 17
--   to 40, which the DfE calls a cause for concern (0-13 is normal, 14-16 borderline).
-- children: |
--   SELECT la_code, child FROM oc2_cohort
--   WHERE age_at_end BETWEEN 5 AND 16 AND sdq_score IS NOT NULL
SELECT la_code,
       count(*) FILTER (WHERE sdq_score BETWEEN 17 AND 40) AS numerator,
       count(*) AS denominator
FROM oc2_cohort
WHERE age_at_end BETWEEN 5 AND 16 AND sdq_score IS NOT NULL
GROUP BY la_code
