-- id: development_assessment_pct
-- title: Children under 5 looked after for 12 months whose development assessments were up to date
-- unit: percent
-- polarity: high
-- cohort: oc2_cohort
-- source: indicator_methodology.md 2.2 and 10.13; indicators.md decisions 1, 6 and 8
-- requires: oc2
-- period: year
-- period_note: >
--   the cohort is children looked after continuously for 12 months at the period end
--   (oc2_cohort), and the OC2 table holds outcomes for the year of the return whose
--   reference date is the period end; over a quarter neither is what the DfE defines
-- definition: >
--   Of the children looked after continuously for 12 months at the end of the period and
--   aged 0 to 4 then (a fifth birthday on the last day counts, so that child is 5 and left
--   out), the percentage with HEALTH_CHECK = 1 in the OC2 table of the return whose
--   reference date is the period end. A child in the age group with no OC2 row counts as
--   not up to date.
-- children: |
--   SELECT la_code, child FROM oc2_cohort WHERE age_at_end BETWEEN 0 AND 4
SELECT la_code,
       count(*) FILTER (WHERE health_check = 1) AS numerator,
       count(*) AS denominator
FROM oc2_cohort
WHERE age_at_end BETWEEN 0 AND 4
GROUP BY la_code
