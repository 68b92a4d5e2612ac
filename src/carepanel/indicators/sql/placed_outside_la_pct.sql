-- id: placed_outside_la_pct
-- title: Children looked after placed outside the council's boundary
-- unit: percent
-- polarity: low
-- cohort: cla_at_end
-- source: indicator_methodology.md 1.7 (DfE PL_LOCATION)
-- period: any
-- period_note: >
--   counted on the last day of the period, so only the period end matters: a quarter to 30
--   June gives the figure at 30 June
-- plain: >
--   Of the children looked after on the last day of the period, the share whose home was
--   outside the council's area (a home in Scotland, Wales or Northern Ireland counts as
--   outside). Children whose placement address is not known are counted too, as not placed
--   outside.
-- definition: >
--   Of the children looked after at the end of the period, the percentage whose placement
--   on that day was outside the council's area: the upper-tier council of PL_POST in the
--   ONS Postcode Directory is not the responsible council (placements in Scotland, Wales
--   and Northern Ireland are outside), as the DfE derives PL_LOCATION. Children whose
--   placement postcode is not known (blank, or not a postcode) stay in the denominator, as
--   the DfE counts them ("not known or not recorded").
SELECT la_code,
       count(*) FILTER (WHERE pl_location = 'OUT') AS numerator,
       count(*) AS denominator
FROM cla_at_end_location
GROUP BY la_code
