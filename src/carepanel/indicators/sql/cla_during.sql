-- id: cla_during
-- title: Children looked after at any time in the period
-- unit: count
-- polarity: context
-- cohort: cla_during
-- source: indicator_methodology.md 1.3
-- period: any
-- period_note: >
--   children looked after on at least one day of whatever period is asked for
-- definition: >
--   Children with an episode of care (not a short break) open on at least one day of the
--   period: started on or before its last day and not ceased before its first day.
SELECT la_code, count(*) AS numerator, NULL AS denominator
FROM cla_during
GROUP BY la_code
