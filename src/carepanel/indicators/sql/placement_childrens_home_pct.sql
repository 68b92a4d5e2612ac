-- id: placement_childrens_home_pct
-- title: Children looked after in children's homes
-- unit: percent
-- polarity: low
-- cohort: cla_at_end
-- history_months: 0
-- source: indicator_methodology.md 1.8
-- period: any
-- period_note: >
--   counted on the last day of the period, so only the period end matters: a quarter to 30
--   June gives the figure at 30 June
-- plain: >
--   Of the children looked after on the last day of the period, the share living in a
--   children's home, secure children's homes included.
-- definition: >
--   Of the children looked after at the end of the period, the percentage whose placement
--   on that day was a secure children's home (K1) or a children's home (K2).
SELECT c.la_code,
       count(*) FILTER (WHERE c.place IN ('K1', 'K2')) AS numerator,
       count(*) AS denominator
FROM cla_at_end AS c
GROUP BY c.la_code
