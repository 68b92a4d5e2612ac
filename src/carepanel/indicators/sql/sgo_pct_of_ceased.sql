-- id: sgo_pct_of_ceased
-- title: Children leaving care on a special guardianship order, as a percentage of leavers
-- unit: percent
-- polarity: high
-- cohort: ceased
-- source: indicator_methodology.md 1.10 and 10.1; indicators.md decision 11
-- period: any
-- period_note: >
--   of the children who ceased in whatever period is asked for; a quarter's few leavers
--   make the percentage move a lot
-- plain: >
--   Of the children who stopped being looked after in the period, the share who left
--   care to live with a special guardian.
-- definition: >
--   Children whose last ceasing in the period was a special guardianship order (REC E43 to
--   E48), as a percentage of all children who ceased to be looked after in the period.
SELECT la_code,
       count(*) FILTER (WHERE rec IN ('E43', 'E44', 'E45', 'E46', 'E47', 'E48')) AS numerator,
       count(*) AS denominator
FROM ceased
GROUP BY la_code
