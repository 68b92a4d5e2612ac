-- Views over this year's typed tables (tables.sql) that many rules share, for every
-- checked return of the run at once: each holds return_id, and every window, join and
-- grouping below is per return. Statements are separated by a line holding only ";".
-- The runner builds the tables of this file side by side (macros first), so a table here
-- reads only tables.sql's tables, never another table of this file.

-- The day a child born on ``dob`` turns ``years`` old. Someone born on 29 February turns a
-- year older on 1 March in a year that is not a leap year (date arithmetic alone would
-- say 28 February), as the synthetic generator and English law count it.
CREATE MACRO birthday(dob, years) AS
    CASE WHEN month(dob) = 2 AND day(dob) = 29
              AND NOT ((year(dob) + years) % 4 = 0
                       AND ((year(dob) + years) % 100 <> 0 OR (year(dob) + years) % 400 = 0))
         THEN make_date(year(dob) + years, 3, 1)
         ELSE dob + to_years(years) END
;

-- One row per child of the Header table: its date of birth (the first row when a child
-- is there twice, which rule INT32 reports).
CREATE TABLE child_dob AS
SELECT return_id, child, arg_min(dob, row_number) AS dob, arg_min(sex, row_number) AS sex
FROM header WHERE child IS NOT NULL GROUP BY return_id, child
;
-- Children looked after continuously for the 12 months to 31 March (the OC2 cohort), as
-- the DfE's validation rules define it: looked after on some day of the year, and no
-- episode that starts a period of care during the year (RNE S after its first day), ends
-- one on or before 31 March (REC other than X1), or is a short break (V3, V4) in the
-- year. The DfE's rule text lets care end on 31 March itself; a child who left that day
-- is not looked after at 31 March in the DfE's statistics, and may be in the OC3 cohort
-- (a birthday that day), which rule 187 forbids for the OC2 cohort; so here they are out.
CREATE TABLE continuously_looked_after AS
SELECT e.return_id, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.child IS NOT NULL
GROUP BY e.return_id, e.child
HAVING bool_or(coalesce(e.decom <= c.year_end AND (e.dec IS NULL OR e.dec >= c.year_start),
                        false))
   AND NOT bool_or(coalesce(
         (e.rne = 'S' AND e.decom > c.year_start AND e.decom <= c.year_end)
      OR (e.rec <> 'X1' AND e.dec >= c.year_start AND e.dec <= c.year_end)
      OR (e.ls IN ('V3', 'V4') AND e.decom <= c.year_end
          AND (e.dec IS NULL OR e.dec >= c.year_start)), false))
;
-- Each episode's period of care: period_start is the start of the latest episode at or
-- before it (in the child's episode order) that started a period of care (RNE S), or the
-- child's first episode in the return when the period started before the return's
-- earliest episode.
CREATE TABLE period_of_care AS
SELECT return_id, child, seq, row_number,
       coalesce(max(CASE WHEN rne = 'S' THEN decom END)
                    OVER (PARTITION BY return_id, child ORDER BY seq
                          ROWS UNBOUNDED PRECEDING),
                first_value(decom) OVER (PARTITION BY return_id, child ORDER BY seq))
         AS period_start
FROM episodes
;
-- Runs of one legal status: consecutive episodes of a child with the same LS, each
-- starting on the day the one before ended. run_end is the last end date of the run, or
-- 31 March when its last episode is still open.
CREATE TABLE legal_status_run AS
WITH marked AS (
    SELECT e.return_id, e.child, e.seq, e.row_number, e.ls, e.decom,
           coalesce(e.dec, c.year_end) AS dec_or_end,
           CASE WHEN e.ls = e.prev_ls AND e.decom = e.prev_dec THEN 0 ELSE 1 END AS new_run
    FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
),
numbered AS (
    SELECT *, sum(new_run) OVER (PARTITION BY return_id, child ORDER BY seq
                                 ROWS UNBOUNDED PRECEDING) AS run
    FROM marked
)
SELECT return_id, child, seq, row_number, ls, run,
       min(decom) OVER (PARTITION BY return_id, child, run) AS run_start,
       max(dec_or_end) OVER (PARTITION BY return_id, child, run) AS run_end
FROM numbered
;
-- Spells in care: runs of a child's episodes with no gap between them (each starting on
-- or before the day the one before ended). spell_end is NULL while the last episode of
-- the spell is open.
CREATE TABLE care_spell AS
WITH marked AS (
    SELECT return_id, child, seq, decom, dec,
           CASE WHEN seq = 1 OR decom > prev_dec OR prev_dec IS NULL AND seq > 1
                THEN 1 ELSE 0 END AS new_spell
    FROM episodes
    WHERE decom IS NOT NULL
),
numbered AS (
    SELECT *, sum(new_spell) OVER (PARTITION BY return_id, child ORDER BY seq
                                   ROWS UNBOUNDED PRECEDING) AS spell
    FROM marked
)
SELECT return_id, child, spell, min(decom) AS spell_start,
       CASE WHEN bool_or(dec IS NULL) THEN NULL ELSE max(dec) END AS spell_end
FROM numbered
GROUP BY return_id, child, spell
;
-- Each child's social worker episodes that have a start date, in start order (then
-- spreadsheet row, which is unique in a return): seq counts from the earliest,
-- newest_first from the latest; prev_dec is the previous episode's end, next_row the next
-- episode's row; shares_start whether another of the child's episodes starts that day
-- (they are next to each other in this order). Ten SW rules read these; worked out once
-- here, not once per rule.
CREATE TABLE sw_ordered AS
SELECT return_id, row_number, child, sw_id, sw_decom, sw_dec, sw_dec_text, sw_reason,
       row_number() OVER w AS seq,
       count(*) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
         - row_number() OVER w + 1 AS newest_first,
       lag(sw_dec) OVER w AS prev_dec,
       lead(row_number) OVER w AS next_row,
       coalesce(lag(sw_decom) OVER w = sw_decom OR lead(sw_decom) OVER w = sw_decom, false)
         AS shares_start
FROM sw_episodes
WHERE child IS NOT NULL AND sw_decom IS NOT NULL
WINDOW w AS (PARTITION BY return_id, child ORDER BY sw_decom, row_number)
;
-- Unaccompanied asylum-seeking children: in the UASC table this year or in last year's
-- return (empty when the return has none). The DfE's rules say "UASC this year or in
-- either of the two years before"; a return holds one year back.
CREATE TABLE uasc_child AS
SELECT DISTINCT return_id, child FROM uasc WHERE child IS NOT NULL
UNION
SELECT DISTINCT return_id, child FROM uasc_last WHERE child IS NOT NULL
