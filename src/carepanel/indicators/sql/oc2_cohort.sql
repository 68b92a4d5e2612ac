-- id: oc2_cohort
-- title: Children looked after continuously for 12 months at the end of the period
-- unit: count
-- polarity: context
-- cohort: oc2_cohort
-- source: indicator_methodology.md 2.1; indicators.md decision 6
-- period: year
-- period_note: >
--   the cohort is children looked after continuously for 12 months at the period end; over
--   a quarter the same rules would count children looked after for 3 months, which is not
--   the DfE's cohort
-- definition: >
--   Children looked after at the end of the period who were looked after throughout it: no
--   new start (RNE S episode) after its first day (a start on the first day itself counts
--   as the whole year), no leaving care (an episode ending with a reason other than X1)
--   from its first day to the day before its last, and no short break (legal status V3 or
--   V4) on any day of it. This is the cohort of the OC2 health and outcome indicators; it
--   is worked out from the episodes, so it does not need the OC2 table.
SELECT la_code, count(*) AS numerator, NULL AS denominator
FROM oc2_cohort
GROUP BY la_code
