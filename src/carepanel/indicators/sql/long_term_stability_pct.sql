-- id: long_term_stability_pct
-- title: Children looked after for 2.5 years or more in the same placement for 2 years
-- unit: percent
-- polarity: high
-- cohort: cla_at_end
-- source: indicator_methodology.md 1.6; indicators.md decision 5
-- period: any
-- history_months: 30
-- period_note: >
--   at the period end, with the DfE's fixed look-back (in care 2.5 years, the same
--   placement 2 years) counted back from that day: the period's start is not used
-- plain: >
--   Of the children under 16 looked after for two and a half years or more, the share
--   who had lived in the same placement for at least two years, or had moved to their
--   adoptive family from it.
-- definition: >
--   Children looked after at the end of the period, aged under 16 then, whose period of care
--   began at least 2.5 years earlier (on or before the end date less 2 years and 6 months):
--   the percentage living in the same placement for at least 2 years (it began on or
--   before the end date less 2 years), or placed for adoption (A3-A6) where the adoptive
--   placement together with the placement before it in the same period of care lasts 2
--   years (that previous placement began on or before the 2-year cut-off).
-- children: |
--   SELECT c.la_code, c.child
--   FROM cla_at_end AS c
--   JOIN period_of_care AS poc
--     ON poc.la_code = c.la_code AND poc.child = c.child AND poc.period_no = c.period_no
--   WHERE c.age_at_end < 16
--     AND poc.period_start <= CAST(c.period_end - INTERVAL 30 MONTH AS DATE)
WITH cohort AS (
    SELECT c.*, poc.period_start AS care_start
    FROM cla_at_end AS c
    JOIN period_of_care AS poc
      ON poc.la_code = c.la_code AND poc.child = c.child AND poc.period_no = c.period_no
    WHERE c.age_at_end < 16
      AND poc.period_start <= CAST(c.period_end - INTERVAL 30 MONTH AS DATE)
), current_placement AS (
    SELECT co.la_code, co.child, pl.placement_start, pl.placement_no, pl.period_no,
           co.place, co.period_end
    FROM cohort AS co
    JOIN placement AS pl
      ON pl.la_code = co.la_code AND pl.child = co.child
     AND pl.placement_no = co.placement_no
), stable AS (
    SELECT cp.la_code, cp.child
    FROM current_placement AS cp
    WHERE cp.placement_start <= CAST(cp.period_end - INTERVAL 2 YEAR AS DATE)
       OR (cp.place IN ('A3', 'A4', 'A5', 'A6')
           AND EXISTS (
               SELECT 1 FROM placement AS prev
               WHERE prev.la_code = cp.la_code AND prev.child = cp.child
                 AND prev.period_no = cp.period_no
                 AND prev.placement_no = cp.placement_no - 1
                 AND prev.placement_start <= CAST(cp.period_end - INTERVAL 2 YEAR AS DATE)))
)
SELECT co.la_code,
       count(s.child) AS numerator,
       count(*) AS denominator
FROM cohort AS co
LEFT JOIN stable AS s ON s.la_code = co.la_code AND s.child = co.child
GROUP BY co.la_code
