-- id: sdq_average_score
-- title: Average SDQ score of children aged 5 to 16 looked after for 12 months
-- unit: score
-- polarity: low
-- cohort: oc2_cohort
-- source: indicator_methodology.md 2.2; indicators.md decisions 1, 6, 7 and 8
-- requires: oc2
-- period: year
-- period_note: >
--   the cohort is children looked after continuously for 12 months at the period end
--   (oc2_cohort), and the OC2 table holds outcomes for the year of the return whose
--   reference date is the period end; over a quarter neither is what the DfE defines
-- plain: >
--   The average score, from 0 to 40, of the Strengths and Difficulties Questionnaire (a
--   check on emotional and behavioural health) of children aged 5 to 16 looked after for
--   at least 12 months. Lower is better; 17 or more is a cause for concern.
-- definition: >
--   The mean Strengths and Difficulties Questionnaire score (0 to 40; lower is better) of
--   the children looked after continuously for 12 months at the end of the period, aged 5
--   to 16 then, who have a score in the OC2 table of the return whose reference date is
--   the period end. Numerator: the sum of their scores; denominator: the number of them.
-- children: |
--   SELECT la_code, child FROM oc2_cohort
--   WHERE age_at_end BETWEEN 5 AND 16 AND sdq_score IS NOT NULL
SELECT la_code,
       sum(sdq_score) AS numerator,
       count(*) AS denominator
FROM oc2_cohort
WHERE age_at_end BETWEEN 5 AND 16 AND sdq_score IS NOT NULL
GROUP BY la_code
