-- id: rhi_within_72h_pct
-- title: Missing incidents followed by a return home interview within 72 hours
-- unit: percent
-- polarity: high
-- cohort: missing_incident
-- source: indicator_methodology.md 7 (statutory guidance on children who run away or go missing)
-- requires: return_interviews
-- period: any
-- period_note: >
--   incidents that ended in whatever period is asked for
-- plain: >
--   Of the times a child looked after came back after being missing or away without
--   permission, the share followed by a return home interview within 72 hours.
-- definition: >
--   Of the incidents of children looked after in the period being missing or away from
--   placement without authorisation (MISSING M or A) that ended (MIS_END) in the period,
--   the percentage followed by a return home interview (return interviews local file, the
--   same child and MIS_START) held within 72 hours of the child's return. Only dates are
--   recorded, so 72 hours is taken as HELD on or before MIS_END plus 3 days. An incident
--   with no interview row, or no HELD date, counts as not on time.
-- children: |
--   SELECT m.la_code, m.child
--   FROM missing_incident AS m
--   JOIN period AS p ON p.la_code = m.la_code
--   WHERE m.mis_end BETWEEN p.period_start AND p.period_end
WITH ended_in_period AS (
    SELECT m.la_code, m.child, m.mis_end, r."held" AS held
    FROM missing_incident AS m
    JOIN period AS p ON p.la_code = m.la_code
    LEFT JOIN return_interviews AS r
      ON r.la_code = m.la_code AND r."child" = m.child AND r."mis_start" = m.mis_start
    WHERE m.mis_end BETWEEN p.period_start AND p.period_end
)
SELECT p.la_code,
       count(e.child) FILTER (WHERE e.held <= CAST(e.mis_end + INTERVAL 3 DAY AS DATE))
         AS numerator,
       count(e.child) AS denominator
FROM period AS p
LEFT JOIN ended_in_period AS e ON e.la_code = p.la_code
GROUP BY p.la_code
