-- id: sgo
-- title: Children who ceased to be looked after on a special guardianship order
-- unit: count
-- polarity: context
-- cohort: ceased
-- source: indicator_methodology.md 1.10 and 10.1; indicators.md decision 11
-- period: any
-- period_note: >
--   children whose last ceasing in whatever period is asked for was a special guardianship
--   order
-- definition: >
--   Children whose last ceasing in the period was a special guardianship order: REC E45 to
--   E48 (and the historic E43, E44 in older data).
-- children: |
--   SELECT la_code, child FROM ceased
--   WHERE rec IN ('E43', 'E44', 'E45', 'E46', 'E47', 'E48')
SELECT la_code,
       count(*) FILTER (WHERE rec IN ('E43', 'E44', 'E45', 'E46', 'E47', 'E48')) AS numerator,
       NULL AS denominator
FROM ceased
GROUP BY la_code
