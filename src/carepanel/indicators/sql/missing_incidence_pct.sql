-- id: missing_incidence_pct
-- title: Children looked after who went missing
-- unit: percent
-- polarity: low
-- cohort: cla_during
-- source: indicator_methodology.md 5; indicators.md decision 10
-- period: any
-- period_note: >
--   children looked after in whatever period is asked for with an incident starting in it
--   or still open on its first day; the DfE publishes the year's figure, so compare a
--   quarter with other quarters, not with benchmarks
-- plain: >
--   Of the children looked after during the period, the share who went missing from
--   where they live at least once.
-- definition: >
--   Of the children looked after at any time in the period (short breaks, V3/V4, left out),
--   the percentage with at least one missing incident (MISSING = M) that started in the
--   period or started earlier and was still open on its first day (MIS_END blank or on or
--   after that day), as the DfE counts incidents carried over from the year before.
SELECT c.la_code,
       count(DISTINCT m.child) AS numerator,
       count(DISTINCT c.child) AS denominator
FROM cla_during AS c
LEFT JOIN missing_incident AS m
  ON m.la_code = c.la_code AND m.child = c.child AND m.missing_type = 'M'
GROUP BY c.la_code
