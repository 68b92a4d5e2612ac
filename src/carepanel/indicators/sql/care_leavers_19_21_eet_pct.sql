-- id: care_leavers_19_21_eet_pct
-- title: Care leavers aged 19 to 21 in education, employment or training
-- unit: percent
-- polarity: high
-- cohort: oc3_cohort
-- source: indicator_methodology.md 3.1 and 3.2 (LAIT 113); indicators.md decisions 1 and 8
-- requires: oc3
-- period: year
-- period_note: >
--   the OC3 table is a snapshot of the year to its return's 31 March: young people whose
--   17th to 21st birthday fell in that year, with their activity and accommodation around
--   it (methodology 3.1); a shorter period would show the same year's cohort under the
--   wrong name
-- plain: >
--   Of the young people the council looked after who turned 19, 20 or 21 in the year,
--   the share in education, employment or training around their birthday.
-- definition: >
--   Of the care leavers aged 19, 20 or 21 at the end of the period in the OC3 table of the
--   return whose reference date is the period end, the percentage in education, employment
--   or training, full or part time (ACTIV F1, P1, F2, P2, F4, P4, F5, P5). Those whose
--   activity is not known (not in touch, refusing contact, no longer wanting services) stay
--   in the denominator. Left out: those who died, returned home for 6 months or more
--   (RHOM), whose care was taken over by another council (E3) or who were only ever looked
--   after under short breaks.
-- children: |
--   SELECT la_code, child FROM oc3_cohort WHERE age_band = '19-21'
SELECT la_code,
       count(*) FILTER (WHERE eet) AS numerator,
       count(*) AS denominator
FROM oc3_cohort
WHERE age_band = '19-21'
GROUP BY la_code
