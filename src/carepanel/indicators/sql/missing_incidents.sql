-- id: missing_incidents
-- title: Missing incidents of children looked after
-- unit: count
-- polarity: low
-- cohort: cla_during
-- source: indicator_methodology.md 5; indicators.md decision 10
-- period: any
-- period_note: >
--   incidents starting in whatever period is asked for
-- definition: >
--   Missing incidents (MISSING = M) that started (MIS_START) in the period, of children
--   looked after at any time in it (short breaks, V3/V4, left out). An incident sent in
--   more than one return is counted once (same child and MIS_START, the later return's row).
-- children: |
--   SELECT la_code, child FROM missing_incident
--   WHERE missing_type = 'M' AND started_in_period
SELECT la_code, count(*) AS numerator, NULL AS denominator
FROM missing_incident
WHERE missing_type = 'M' AND started_in_period
GROUP BY la_code
