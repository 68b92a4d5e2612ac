-- id: iha_within_20wd_pct
-- title: Children entering care with an initial health assessment within 20 working days
-- unit: percent
-- polarity: high
-- cohort: started_in_period
-- source: indicator_methodology.md 7 (CPPCR reg 7; statutory guidance on the health of looked-after children)
-- requires: health_assessments
-- period: any
-- period_note: >
--   children who started in whatever period is asked for; over a quarter more of them start
--   near its end, before their 20 working days are up, and count as not on time until the
--   assessment is recorded
-- plain: >
--   Of the children who came into care in the period, the share whose initial health
--   assessment was done within 20 working days.
-- definition: >
--   Of the children who started to be looked after in the period (their first RNE S
--   episode in it), the percentage whose initial health assessment (health assessments
--   local file, TYPE IHA) was completed on or before the 20th working day after the day
--   they entered care. Working days are Monday to Friday except bank holidays in England.
--   An assessment completed before the child entered care counts (the regulations ask for
--   it before the child is placed where that is practicable) unless it was completed
--   before the end of the child's previous period of care. A child with no IHA row, or no
--   completion date, counts as not on time.
WITH deadline AS (
    SELECT s.la_code, s.child, s.previous_care_end, due.day AS deadline
    FROM started_in_period AS s
    JOIN calendar AS entry_day ON entry_day.day = s.started_on
    JOIN calendar AS due
      ON due.working AND due.working_day_no = entry_day.working_day_no + 20
), on_time AS (
    SELECT DISTINCT d.la_code, d.child
    FROM deadline AS d
    JOIN health_assessments AS h ON h.la_code = d.la_code AND h."child" = d.child
    WHERE h."type" = 'IHA'
      AND h."completed" <= d.deadline
      AND (d.previous_care_end IS NULL OR h."completed" > d.previous_care_end)
)
SELECT p.la_code,
       count(o.child) AS numerator,
       count(s.child) AS denominator
FROM period AS p
LEFT JOIN started_in_period AS s ON s.la_code = p.la_code
LEFT JOIN on_time AS o ON o.la_code = s.la_code AND o.child = s.child
GROUP BY p.la_code
