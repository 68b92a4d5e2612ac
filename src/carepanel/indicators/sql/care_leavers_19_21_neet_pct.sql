-- id: care_leavers_19_21_neet_pct
-- title: Care leavers aged 19 to 21 not in education, employment or training
-- unit: percent
-- polarity: low
-- cohort: oc3_cohort
-- source: indicator_methodology.md 3.1 and 3.2 (LAIT 221); indicators.md decisions 1 and 8
-- requires: oc3
-- period: year
-- period_note: >
--   the OC3 table is a snapshot of the year to its return's 31 March: young people whose
--   17th to 21st birthday fell in that year, with their activity and accommodation around
--   it (methodology 3.1); a shorter period would show the same year's cohort under the
--   wrong name
-- plain: >
--   Of the young people the council looked after who turned 19, 20 or 21 in the year,
--   the share not in education, employment or training around their birthday (for
--   example because of illness, disability, caring for a child, or not finding work).
-- definition: >
--   Of the care leavers aged 19, 20 or 21 at the end of the period in the OC3 table of the
--   return whose reference date is the period end, the percentage not in education,
--   employment or training, because of illness or disability (G4), other reasons (G5) or
--   pregnancy or parenting (G6). Those whose activity is not known stay in the denominator,
--   so EET and NEET need not add up to 100%. Left out: those who died, returned home for 6
--   months or more (RHOM), whose care was taken over by another council (E3) or who were
--   only ever looked after under short breaks.
-- children: |
--   SELECT la_code, child FROM oc3_cohort WHERE age_band = '19-21'
SELECT la_code,
       count(*) FILTER (WHERE neet) AS numerator,
       count(*) AS denominator
FROM oc3_cohort
WHERE age_band = '19-21'
GROUP BY la_code
