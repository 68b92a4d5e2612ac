-- id: sdq_received_pct
-- title: Children aged 5 to 16 looked after for 12 months with an SDQ score
-- unit: percent
-- polarity: high
-- cohort: oc2_cohort
-- source: indicator_methodology.md 2.2; indicators.md decisions 1, 6 and 8
-- requires: oc2
-- period: year
-- period_note: >
--   the cohort is children looked after continuously for 12 months at the period end
--   (oc2_cohort), and the OC2 table holds outcomes for the year of the return whose
--   reference date is the period end; over a quarter neither is what the DfE defines
-- definition: >
--   Of the children looked after continuously for 12 months at the end of the period and
--   aged 5 to 16 then, the percentage with a Strengths and Difficulties Questionnaire score
--   (SDQ_SCORE 0 to 40) in the OC2 table of the return whose reference date is the period
--   end. A child in the age group with no OC2 row, or with a reason instead of a score
--   (SDQ_REASON), counts as no score.
-- children: |
--   SELECT la_code, child FROM oc2_cohort WHERE age_at_end BETWEEN 5 AND 16
SELECT la_code,
       count(sdq_score) AS numerator,
       count(*) AS denominator
FROM oc2_cohort
WHERE age_at_end BETWEEN 5 AND 16
GROUP BY la_code
