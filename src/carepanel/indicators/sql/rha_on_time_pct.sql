-- id: rha_on_time_pct
-- title: Review health assessments completed by their due date
-- unit: percent
-- polarity: high
-- cohort: health_assessments
-- source: indicator_methodology.md 7 (CPPCR reg 7, every 6 months under 5 and every 12 months from 5)
-- requires: health_assessments
-- period: any
-- period_note: >
--   assessments due in whatever period is asked for
-- definition: >
--   Of the review health assessments (health assessments local file, TYPE RHA) due on a
--   day in the period, for a child looked after on that day (short breaks, V3/V4, left
--   out), the percentage completed on or before the due date. An assessment not yet
--   completed, or completed late, counts as not on time.
-- children: |
--   SELECT h.la_code, h."child" AS child
--   FROM health_assessments AS h
--   JOIN period AS p ON p.la_code = h.la_code
--   WHERE h."type" = 'RHA'
--     AND h."due" BETWEEN p.period_start AND p.period_end
--     AND EXISTS (SELECT 1 FROM episode AS e
--                 WHERE e.la_code = h.la_code AND e.child = h."child"
--                   AND e.decom <= h."due"
--                   AND (e.dec_date IS NULL OR e.dec_date >= h."due"))
WITH due_in_period AS (
    SELECT h.la_code, h."child" AS child, h."due" AS due, h."completed" AS completed
    FROM health_assessments AS h
    JOIN period AS p ON p.la_code = h.la_code
    WHERE h."type" = 'RHA'
      AND h."due" BETWEEN p.period_start AND p.period_end
      AND EXISTS (SELECT 1 FROM episode AS e
                  WHERE e.la_code = h.la_code AND e.child = h."child"
                    AND e.decom <= h."due"
                    AND (e.dec_date IS NULL OR e.dec_date >= h."due"))
)
SELECT p.la_code,
       count(d.child) FILTER (WHERE d.completed <= d.due) AS numerator,
       count(d.child) AS denominator
FROM period AS p
LEFT JOIN due_in_period AS d ON d.la_code = p.la_code
GROUP BY p.la_code
