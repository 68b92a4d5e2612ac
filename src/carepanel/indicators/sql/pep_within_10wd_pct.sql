-- id: pep_within_10wd_pct
-- title: Children of school age entering care with a personal education plan within 10 working days
-- unit: percent
-- polarity: high
-- cohort: started_in_period
-- source: indicator_methodology.md 7 and 10 item 2 (statutory guidance on promoting the education of looked-after children)
-- requires: peps
-- period: any
-- period_note: >
--   children who started in whatever period is asked for; over a quarter more of them start
--   near its end, before their 10 working days are up, and count as not on time until the
--   plan is recorded
-- plain: >
--   Of the children of school age who came into care in the period, the share whose
--   personal education plan was in place within 10 school days.
-- definition: >
--   Of the children of compulsory school age (aged 5 to 15 on the day they entered care)
--   who started to be looked after in the period (their first RNE S episode in it), the
--   percentage with a personal education plan (PEP local file, any PEP_TYPE) dated on or
--   before the 10th working day after they entered care. Working days are Monday to Friday
--   except bank holidays in England. The 10 working days is a setting (the statutory
--   guidance's timescale for an emergency entry; some councils use 20), set in the first
--   lines of the query. A PEP initiated before the child entered care counts, unless it is
--   dated before the end of the child's previous period of care.
-- children: |
--   SELECT la_code, child FROM started_in_period WHERE age_at_start BETWEEN 5 AND 15
WITH setting AS (
    SELECT 10 AS working_days
), deadline AS (
    SELECT s.la_code, s.child, s.previous_care_end, due.day AS deadline
    FROM started_in_period AS s
    CROSS JOIN setting
    JOIN calendar AS entry_day ON entry_day.day = s.started_on
    JOIN calendar AS due
      ON due.working AND due.working_day_no = entry_day.working_day_no + setting.working_days
    WHERE s.age_at_start BETWEEN 5 AND 15
), on_time AS (
    SELECT DISTINCT d.la_code, d.child
    FROM deadline AS d
    JOIN peps AS pep ON pep.la_code = d.la_code AND pep."child" = d.child
    WHERE pep."pep_date" <= d.deadline
      AND (d.previous_care_end IS NULL OR pep."pep_date" > d.previous_care_end)
)
SELECT p.la_code,
       count(o.child) AS numerator,
       count(s.child) AS denominator
FROM period AS p
LEFT JOIN started_in_period AS s
  ON s.la_code = p.la_code AND s.age_at_start BETWEEN 5 AND 15
LEFT JOIN on_time AS o ON o.la_code = s.la_code AND o.child = s.child
GROUP BY p.la_code
