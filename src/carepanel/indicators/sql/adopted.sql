-- id: adopted
-- title: Children who ceased to be looked after because they were adopted
-- unit: count
-- polarity: context
-- cohort: ceased
-- source: indicator_methodology.md 1.10; indicators.md decision 11
-- period: any
-- period_note: >
--   children whose last ceasing in whatever period is asked for was an adoption
-- definition: >
--   Children whose last ceasing in the period (an episode ending in it with a reason other
--   than X1) was an adoption order (REC E11 or E12).
-- children: |
--   SELECT la_code, child FROM ceased WHERE rec IN ('E11', 'E12')
SELECT la_code, count(*) FILTER (WHERE rec IN ('E11', 'E12')) AS numerator,
       NULL AS denominator
FROM ceased
GROUP BY la_code
