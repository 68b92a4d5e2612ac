-- id: placements_3plus_pct
-- title: Children looked after with three or more placements in the period
-- unit: percent
-- polarity: low
-- cohort: cla_at_end
-- source: indicator_methodology.md 1.5; indicators.md decision 3
-- period: year
-- period_note: >
--   the DfE counts the placements a child looked after at 31 March had over the course of
--   the year (LAIT 372); three in a quarter is a different, rarer event with no benchmark
--   or comparable target
-- plain: >
--   Of the children looked after on the last day of the period, the share who lived in
--   three or more different placements during the 12 months.
-- definition: >
--   Of the children looked after at the end of the period, the percentage who had three or
--   more placements during it. A placement is a run of episodes with the same carer: it
--   starts at an episode with RNE S, P or B. Every placement with a day in the period
--   counts (open on its first day, or starting in it). Temporary placements (T0-T4) count,
--   and so does the return to the usual carer after one. Placement for adoption with the
--   child's own foster carer is not a new placement.
SELECT c.la_code,
       count(*) FILTER (WHERE n.placements >= 3) AS numerator,
       count(*) AS denominator
FROM cla_at_end AS c
LEFT JOIN (
    SELECT pl.la_code, pl.child, count(*) AS placements
    FROM placement AS pl
    JOIN period AS p ON p.la_code = pl.la_code
    WHERE pl.placement_start <= p.period_end
      AND (pl.placement_end IS NULL OR pl.placement_end >= p.period_start)
    GROUP BY pl.la_code, pl.child
) AS n ON n.la_code = c.la_code AND n.child = c.child
GROUP BY c.la_code
