-- id: cla_at_end
-- title: Children looked after at the end of the period
-- unit: count
-- polarity: context
-- cohort: cla_at_end
-- history_months: 0
-- source: indicator_methodology.md 1.3
-- period: any
-- period_note: >
--   counted on the last day of the period, so only the period end matters: a quarter to 30
--   June gives the figure at 30 June
-- plain: >
--   Children the council looked after on the last day of the period (children who only
--   have short breaks are not counted).
-- definition: >
--   Children with an episode of care (not a short break, V3/V4) that started on or before
--   the last day of the period and had not ceased by it (DEC blank or after that day). A
--   child whose episode ceased on the last day counts as ceased, not as looked after.
SELECT la_code, count(*) AS numerator, NULL AS denominator
FROM cla_at_end
GROUP BY la_code
