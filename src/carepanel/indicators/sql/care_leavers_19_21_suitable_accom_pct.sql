-- id: care_leavers_19_21_suitable_accom_pct
-- title: Care leavers aged 19 to 21 in suitable accommodation
-- unit: percent
-- polarity: high
-- cohort: oc3_cohort
-- source: indicator_methodology.md 3.1 and 3.3 (LAIT 112); indicators.md decisions 1 and 8
-- requires: oc3
-- period: year
-- period_note: >
--   the OC3 table is a snapshot of the year to its return's 31 March: young people whose
--   17th to 21st birthday fell in that year, with their activity and accommodation around
--   it (methodology 3.1); a shorter period would show the same year's cohort under the
--   wrong name
-- plain: >
--   Of the young people the council looked after who turned 19, 20 or 21 in the year,
--   the share living in accommodation considered suitable for them.
-- definition: >
--   Of the care leavers aged 19, 20 or 21 at the end of the period in the OC3 table of the
--   return whose reference date is the period end, the percentage whose accommodation was
--   considered suitable (an ACCOM code ending in 1). Those gone abroad (G1, G2), deported
--   (H1, H2) or whose residence is not known (R1, R2) are left out, as their suitability is
--   not usually known; those whose accommodation is not known because the council is not
--   in touch, they refuse contact or no longer want services (ACCOM 0) stay in the
--   denominator. Also left out: those who died, returned home for 6 months or more (RHOM),
--   whose care was taken over by another council (E3) or who were only ever looked after
--   under short breaks.
-- children: |
--   SELECT la_code, child FROM oc3_cohort
--   WHERE age_band = '19-21' AND suitability_counted
SELECT la_code,
       count(*) FILTER (WHERE suitable) AS numerator,
       count(*) AS denominator
FROM oc3_cohort
WHERE age_band = '19-21' AND suitability_counted
GROUP BY la_code
