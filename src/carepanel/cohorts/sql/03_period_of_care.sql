-- needs: [episode]
-- grain:
--   episode_in_period: [la_code, child, decom]
--   period_of_care: [la_code, child, period_no]

-- period_of_care: a run of episodes joined by X1 endings (methodology 1.2). A period starts
-- at an RNE S episode, at the child's first known episode (history that starts before the
-- oldest return: its first DECOM stands in for the true start, decision 4), or after an
-- episode that ended with a reason other than X1.
CREATE OR REPLACE TEMP VIEW episode_in_period AS
SELECT *,
       sum(starts_period) OVER (PARTITION BY la_code, child ORDER BY decom
                                ROWS UNBOUNDED PRECEDING) AS period_no
FROM (
    SELECT *,
           CASE WHEN rne = 'S'
                  OR lag(decom) OVER w IS NULL
                  OR coalesce(lag(rec) OVER w, '') <> 'X1'
                THEN 1 ELSE 0 END AS starts_period
    FROM episode
    WINDOW w AS (PARTITION BY la_code, child ORDER BY decom)
) AS flagged;

CREATE OR REPLACE TEMP VIEW period_of_care AS
SELECT la_code, child, period_no,
       min(decom) AS period_start,
       -- open if its last episode is open
       CASE WHEN count(*) = count(dec_date) THEN max(dec_date) END AS period_end,
       arg_max(rec, decom) AS reason_ceased
FROM episode_in_period
GROUP BY la_code, child, period_no;
