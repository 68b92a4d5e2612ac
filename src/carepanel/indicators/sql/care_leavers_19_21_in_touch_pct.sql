-- id: care_leavers_19_21_in_touch_pct
-- title: Care leavers aged 19 to 21 the council is in touch with
-- unit: percent
-- polarity: high
-- cohort: oc3_cohort
-- source: indicator_methodology.md 3.1; indicators.md decisions 1 and 8
-- requires: oc3
-- period: year
-- period_note: >
--   the OC3 table is a snapshot of the year to its return's 31 March: young people whose
--   17th to 21st birthday fell in that year, with their activity and accommodation around
--   it (methodology 3.1); a shorter period would show the same year's cohort under the
--   wrong name
-- plain: >
--   Of the young people the council looked after who turned 19, 20 or 21 in the year,
--   the share the council was in touch with around their birthday.
-- definition: >
--   Of the care leavers aged 19, 20 or 21 at the end of the period (their birthday fell in
--   it) in the OC3 table of the return whose reference date is the period end, the
--   percentage the council is in touch with (IN_TOUCH = YES). Those not in touch (NO), who
--   refuse contact (REFU) or no longer want services (NREQ) stay in the denominator. Left
--   out: those who died (DIED), returned home for 6 months or more (RHOM), whose care was
--   taken over by another council (last REC E3) or who were only ever looked after under
--   short breaks (V3, V4).
-- children: |
--   SELECT la_code, child FROM oc3_cohort WHERE age_band = '19-21'
SELECT la_code,
       count(*) FILTER (WHERE in_touch = 'YES') AS numerator,
       count(*) AS denominator
FROM oc3_cohort
WHERE age_band = '19-21'
GROUP BY la_code
