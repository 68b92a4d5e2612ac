-- id: convicted_pct
-- title: Children aged 10 to 17 looked after for 12 months convicted or given a youth caution
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
--   Of the children looked after continuously for 12 months at the end of the period and
--   aged 10 to 17 then (a tenth birthday on the last day counts), the percentage convicted
--   or subject to a youth caution or youth conditional caution during the year:
--   CONVICTED = 1 in the OC2 table of the return whose reference date is the period end. A
--   child in the age group with no OC2 row counts as not convicted.
-- children: |
--   SELECT la_code, child FROM oc2_cohort WHERE age_at_end BETWEEN 10 AND 17
SELECT la_code,
       count(*) FILTER (WHERE convicted = 1) AS numerator,
       count(*) AS denominator
FROM oc2_cohort
WHERE age_at_end BETWEEN 10 AND 17
GROUP BY la_code
