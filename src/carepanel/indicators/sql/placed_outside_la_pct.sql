-- id: placed_outside_la_pct
-- title: Children looked after placed outside the council's boundary
-- unit: percent
-- polarity: low
-- cohort: cla_at_end
-- source: indicator_methodology.md 1.7 (DfE PL_LOCATION)
-- requires: postcode_directory
-- period: any
-- period_note: >
--   counted on the last day of the period, so only the period end matters: a quarter to 30
--   June gives the figure at 30 June
-- definition: >
--   Of the children looked after at the end of the period, the percentage whose placement
--   on that day was outside the council's area: the upper-tier council of PL_POST in the
--   ONS Postcode Directory is not the responsible council (placements in Scotland, Wales
--   and Northern Ireland are outside), as the DfE derives PL_LOCATION. Not computed yet:
--   carepanel does not hold the Postcode Directory, so the value is null with a note; the
--   numerator below is left unknown until it does.
SELECT la_code,
       CAST(NULL AS INTEGER) AS numerator,
       count(*) AS denominator
FROM cla_at_end
GROUP BY la_code
