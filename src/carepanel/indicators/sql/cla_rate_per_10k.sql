-- id: cla_rate_per_10k
-- title: Children looked after per 10,000 children aged under 18
-- unit: rate_per_10k
-- polarity: context
-- cohort: cla_at_end
-- history_months: 0
-- source: indicator_methodology.md 1.4
-- requires: population
-- period: any
-- period_note: >
--   children looked after on the period end per 10,000 of the population: only the period
--   end matters
-- plain: >
--   Children looked after on the last day of the period for every 10,000 children under
--   18 living in the council's area.
-- definition: >
--   Children looked after at the end of the period per 10,000 children aged 0 to 17 in the
--   council's area, using the ONS mid-year estimate for the year the collection year began
--   (mid-2024 for the year to 31 March 2025), as the DfE does. The DfE rounds the published
--   rate to a whole number; the value here is unrounded.
SELECT c.la_code, c.numerator, p.population AS denominator
FROM (SELECT la_code, count(*) AS numerator FROM cla_at_end GROUP BY la_code) AS c
JOIN period AS d ON d.la_code = c.la_code
LEFT JOIN population AS p
  ON p.la_code = c.la_code
 AND p.year = (SELECT max(q.year) FROM population AS q
               WHERE q.la_code = c.la_code
                 AND q.year <= extract(year FROM d.period_end)
                              - CASE WHEN extract(month FROM d.period_end) >= 4 THEN 0
                                     ELSE 1 END)
