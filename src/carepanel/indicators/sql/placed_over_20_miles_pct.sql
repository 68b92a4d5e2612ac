-- id: placed_over_20_miles_pct
-- title: Children looked after placed more than 20 miles from home
-- unit: percent
-- polarity: low
-- cohort: cla_at_end
-- source: indicator_methodology.md 1.7 (LAIT measure 87; EES "Distance between home and placement")
-- period: any
-- period_note: >
--   counted on the last day of the period, so only the period end matters: a quarter to 30
--   June gives the figure at 30 June
-- plain: >
--   Of the children looked after on the last day of the period, the share living more than
--   20 miles from the home they came into care from, in a straight line between the two
--   postcodes. Children whose distance is not known are counted too, as not placed far away.
-- definition: >
--   Of the children looked after at the end of the period, the percentage whose placement
--   on that day was more than 20 miles from the home they were first placed from, in a
--   straight line between the grid references of HOME_POST and PL_POST in the ONS Postcode
--   Directory, as the DfE derives PL_DISTANCE. Children whose distance is not known stay in
--   the denominator.
SELECT la_code,
       count(*) FILTER (WHERE pl_distance > 20) AS numerator,
       count(*) AS denominator
FROM cla_at_end_location
GROUP BY la_code
