-- needs: [age_in_years, child, episode_in_period, period, period_of_care]
-- grain:
--   started_in_period: [la_code, child]
--   attendance_term: [la_code, child, academic_year, term]

-- started_in_period: each child's first start in the period (the cla_started cohort: an RNE
-- S episode with DECOM in the period; "only the first occasion ... has been counted",
-- methodology 1.3). With the child's age on that day and the end of the child's previous
-- period of care, if any: an assessment or plan dated after that end and before the start
-- belongs to this entry into care (the law allows some to be done before a child is placed),
-- while anything earlier belongs to the earlier period. The working-day timescales in the
-- indicators count from started_on through the calendar table (cohorts/calendar.py).
CREATE OR REPLACE TEMP VIEW started_in_period AS
SELECT s.la_code, s.child, s.period_no, s.decom AS started_on,
       age_in_years(c.dob, s.decom) AS age_at_start,
       (SELECT max(prev.period_end) FROM period_of_care AS prev
        WHERE prev.la_code = s.la_code AND prev.child = s.child
          AND prev.period_no < s.period_no) AS previous_care_end
FROM (
    SELECT e.la_code, e.child, e.period_no, e.decom,
           row_number() OVER (PARTITION BY e.la_code, e.child ORDER BY e.decom) AS pick
    FROM episode_in_period AS e
    JOIN period AS p ON p.la_code = e.la_code
    WHERE e.rne = 'S' AND e.decom BETWEEN p.period_start AND p.period_end
) AS s
LEFT JOIN child AS c ON c.la_code = s.la_code AND c.child = s.child
WHERE s.pick = 1;

-- attendance_term: the school attendance local file, one row per child and term, with the
-- dates each term covers and the child's age on the 31 August before its academic year
-- (which fixes the school year group: aged 5 then is Year 1, aged 15 is Year 11).
-- ACADEMIC_YEAR is read from its first four digits, the year it starts in ("2024/25",
-- "2024-25" and "2024/2025" all start in September 2024); TERM is read from its start,
-- ignoring case ("Autumn", "autumn 2", "SPRING1"). Terms are counted as whole quarters so
-- that a year to 31 March is exactly the summer, autumn and spring terms:
--   autumn: 1 September to 31 December; spring: 1 January to 31 March;
--   summer: 1 April to 31 August.
-- Rows whose year or term cannot be read have no dates and so fall in no period.
CREATE OR REPLACE TEMP VIEW attendance_term AS
SELECT a.la_code, a."child" AS child, a."academic_year" AS academic_year, a."term" AS term,
       a."phase" AS phase, a."sessions_possible" AS sessions_possible,
       a."sessions_attended" AS sessions_attended,
       CASE WHEN lower(trim(a."term")) LIKE 'autumn%' THEN make_date(a.first_year, 9, 1)
            WHEN lower(trim(a."term")) LIKE 'spring%' THEN make_date(a.first_year + 1, 1, 1)
            WHEN lower(trim(a."term")) LIKE 'summer%' THEN make_date(a.first_year + 1, 4, 1)
       END AS term_start,
       CASE WHEN lower(trim(a."term")) LIKE 'autumn%' THEN make_date(a.first_year, 12, 31)
            WHEN lower(trim(a."term")) LIKE 'spring%' THEN make_date(a.first_year + 1, 3, 31)
            WHEN lower(trim(a."term")) LIKE 'summer%' THEN make_date(a.first_year + 1, 8, 31)
       END AS term_end,
       age_in_years(c.dob, make_date(a.first_year, 8, 31)) AS age_at_31_august
FROM (
    SELECT *, TRY_CAST(left(trim("academic_year"), 4) AS INTEGER) AS first_year
    FROM attendance
) AS a
LEFT JOIN child AS c ON c.la_code = a.la_code AND c.child = a."child";
