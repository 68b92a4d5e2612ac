-- id: placement_foster_pct
-- title: Children looked after in foster placements
-- unit: percent
-- polarity: high
-- cohort: cla_at_end
-- history_months: 0
-- source: indicator_methodology.md 1.8
-- period: any
-- period_note: >
--   counted on the last day of the period, so only the period end matters: a quarter to 30
--   June gives the figure at 30 June
-- plain: >
--   Of the children looked after on the last day of the period, the share living with
--   foster carers, including relatives and friends who foster.
-- definition: >
--   Of the children looked after at the end of the period, the percentage whose placement
--   on that day was U1-U6 (with relatives or friends, or with other foster carers).
SELECT c.la_code,
       count(*) FILTER (WHERE c.place IN ('U1', 'U2', 'U3', 'U4', 'U5', 'U6')) AS numerator,
       count(*) AS denominator
FROM cla_at_end AS c
GROUP BY c.la_code
