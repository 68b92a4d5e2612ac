-- id: cla_ceased
-- title: Children who ceased to be looked after in the period
-- unit: count
-- polarity: context
-- cohort: episode
-- source: indicator_methodology.md 1.3
-- period: any
-- period_note: >
--   children who ceased in whatever period is asked for; a child who ceased twice in it is
--   counted once, so four quarters can add up to more than the year
-- plain: >
--   Children who stopped being looked after during the period; a child who left care
--   more than once is counted once.
-- definition: >
--   Children with an episode that ceased on a day in the period for a reason other than X1
--   (X1 means a new episode began the same day). A child who left care more than once in
--   the period is counted once ("only the last occasion ... has been counted").
-- children: |
--   SELECT la_code, child FROM ceased
SELECT e.la_code, count(DISTINCT e.child) AS numerator, NULL AS denominator
FROM episode AS e
JOIN period AS p ON p.la_code = e.la_code
WHERE e.dec_date BETWEEN p.period_start AND p.period_end AND e.rec <> 'X1'
GROUP BY e.la_code
