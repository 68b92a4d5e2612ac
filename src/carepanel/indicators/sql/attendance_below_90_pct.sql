-- id: attendance_below_90_pct
-- title: Children looked after of school age attending less than 90% of school sessions
-- unit: percent
-- polarity: low
-- cohort: cla_during
-- source: indicators.md; attendance local file
-- requires: attendance
-- period: any
-- period_note: >
--   terms that overlap the period count whole, so a quarter reads as the terms it touches:
--   the quarter to 30 June is the summer term, the quarter to 30 September the summer and
--   autumn terms
-- plain: >
--   Of the children of school age looked after during the period, the share who attended
--   less than 90% of the school sessions they could have attended.
-- definition: >
--   Of the children looked after at any time in the period (short breaks, V3/V4, left out)
--   who were of compulsory school age (Year 1 to Year 11: aged 5 to 15 on the 31 August
--   before the academic year) and had school sessions to attend in the terms that overlap
--   the period (attendance local file), the percentage who attended less than 90% of the
--   sessions possible, adding up those terms. ACADEMIC_YEAR is read from its first four
--   digits, the year it starts in (2024/25, 2024-25 or 2024/2025); TERM is autumn, spring
--   or summer (case ignored; "Autumn 1", "Autumn 2" also read), counted as 1 September to
--   31 December, 1 January to 31 March and 1 April to 31 August, so a year to 31 March is
--   that year's summer, autumn and spring terms. Every PHASE counts (setting).
-- children: |
--   SELECT t.la_code, t.child
--   FROM attendance_term AS t
--   JOIN period AS p ON p.la_code = t.la_code
--   JOIN cla_during AS d ON d.la_code = t.la_code AND d.child = t.child
--   WHERE t.term_start <= p.period_end AND t.term_end >= p.period_start
--     AND t.age_at_31_august BETWEEN 5 AND 15
--   GROUP BY t.la_code, t.child
--   HAVING sum(t.sessions_possible) > 0
WITH school_terms AS (
    SELECT t.la_code, t.child, t.sessions_possible, t.sessions_attended
    FROM attendance_term AS t
    JOIN period AS p ON p.la_code = t.la_code
    JOIN cla_during AS d ON d.la_code = t.la_code AND d.child = t.child
    WHERE t.term_start <= p.period_end AND t.term_end >= p.period_start
      AND t.age_at_31_august BETWEEN 5 AND 15
), per_child AS (
    SELECT la_code, child,
           sum(sessions_possible) AS possible,
           sum(sessions_attended) AS attended
    FROM school_terms
    GROUP BY la_code, child
)
SELECT p.la_code,
       count(c.child) FILTER (WHERE c.possible > 0 AND 100 * c.attended < 90 * c.possible)
         AS numerator,
       count(c.child) FILTER (WHERE c.possible > 0) AS denominator
FROM period AS p
LEFT JOIN per_child AS c ON c.la_code = p.la_code
GROUP BY p.la_code
