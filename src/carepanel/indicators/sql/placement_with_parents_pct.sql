-- id: placement_with_parents_pct
-- title: Children looked after placed with parents
-- unit: percent
-- polarity: context
-- cohort: cla_at_end
-- history_months: 0
-- source: indicator_methodology.md 1.8
-- period: any
-- period_note: >
--   counted on the last day of the period, so only the period end matters: a quarter to 30
--   June gives the figure at 30 June
-- plain: >
--   Of the children looked after on the last day of the period, the share living with
--   their parents or others with parental responsibility.
-- definition: >
--   Of the children looked after at the end of the period, the percentage whose placement
--   on that day was placed with parents or others with parental responsibility (P1).
SELECT c.la_code,
       count(*) FILTER (WHERE c.place = 'P1') AS numerator,
       count(*) AS denominator
FROM cla_at_end AS c
GROUP BY c.la_code
