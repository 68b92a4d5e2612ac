-- id: substance_misuse_pct
-- title: Children looked after for 12 months identified as having a substance misuse problem
-- unit: percent
-- polarity: low
-- cohort: oc2_cohort
-- source: indicator_methodology.md 2.2; indicators.md decisions 1 and 6
-- requires: oc2
-- period: year
-- period_note: >
--   the cohort is children looked after continuously for 12 months at the period end
--   (oc2_cohort), and the OC2 table holds outcomes for the year of the return whose
--   reference date is the period end; over a quarter neither is what the DfE defines
-- definition: >
--   Of the children looked after continuously for 12 months at the end of the period (all
--   ages), the percentage identified as having a substance misuse problem (drugs or
--   alcohol, not tobacco) during the year: SUBSTANCE_MISUSE = 1 in the OC2 table of the
--   return whose reference date is the period end. A child in the cohort with no OC2 row
--   counts as not identified.
SELECT la_code,
       count(*) FILTER (WHERE substance_misuse = 1) AS numerator,
       count(*) AS denominator
FROM oc2_cohort
GROUP BY la_code
