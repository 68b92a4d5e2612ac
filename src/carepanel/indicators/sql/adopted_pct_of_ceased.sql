-- id: adopted_pct_of_ceased
-- title: Children adopted as a percentage of children who ceased to be looked after
-- unit: percent
-- polarity: high
-- cohort: ceased
-- source: indicator_methodology.md 1.10; indicators.md decision 11
-- period: any
-- period_note: >
--   of the children who ceased in whatever period is asked for; a quarter's few leavers
--   make the percentage move a lot
-- plain: >
--   Of the children who stopped being looked after in the period, the share who were
--   adopted.
-- definition: >
--   Children whose last ceasing in the period was an adoption (REC E11, E12), as a
--   percentage of all children who ceased to be looked after in the period.
SELECT la_code, count(*) FILTER (WHERE rec IN ('E11', 'E12')) AS numerator,
       count(*) AS denominator
FROM ceased
GROUP BY la_code
