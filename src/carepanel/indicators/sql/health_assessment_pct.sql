-- id: health_assessment_pct
-- title: Children looked after for 12 months whose annual health assessment was up to date
-- unit: percent
-- polarity: high
-- cohort: oc2_cohort
-- source: indicator_methodology.md 2.2 (LAIT 3); indicators.md decisions 1 and 6
-- requires: oc2
-- period: year
-- period_note: >
--   the cohort is children looked after continuously for 12 months at the period end
--   (oc2_cohort), and the OC2 table holds outcomes for the year of the return whose
--   reference date is the period end; over a quarter neither is what the DfE defines
-- plain: >
--   Of the children looked after for at least 12 months at the end of the year, the
--   share who had their annual health assessment.
-- definition: >
--   Of the children looked after continuously for 12 months at the end of the period (all
--   ages), the percentage with HEALTH_ASSESSMENT = 1 in the OC2 table of the return whose
--   reference date is the period end. Under-5s need both six-monthly assessments; a child
--   who declined is recorded as not assessed. A child in the cohort with no OC2 row counts
--   as not assessed.
SELECT la_code,
       count(*) FILTER (WHERE health_assessment = 1) AS numerator,
       count(*) AS denominator
FROM oc2_cohort
GROUP BY la_code
