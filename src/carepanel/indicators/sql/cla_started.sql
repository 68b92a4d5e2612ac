-- id: cla_started
-- title: Children who started to be looked after in the period
-- unit: count
-- polarity: context
-- cohort: episode
-- source: indicator_methodology.md 1.3
-- period: any
-- period_note: >
--   children who started in whatever period is asked for; a child who started twice in it
--   is counted once, so four quarters can add up to more than the year
-- plain: >
--   Children who started to be looked after during the period; a child who came into
--   care more than once is counted once.
-- definition: >
--   Children with an episode starting a period of care (RNE S) on a day in the period. A
--   child who started more than once in the period is counted once ("only the first
--   occasion ... has been counted").
-- children: |
--   SELECT la_code, child FROM started_in_period
SELECT e.la_code, count(DISTINCT e.child) AS numerator, NULL AS denominator
FROM episode AS e
JOIN period AS p ON p.la_code = e.la_code
WHERE e.rne = 'S' AND e.decom BETWEEN p.period_start AND p.period_end
GROUP BY e.la_code
