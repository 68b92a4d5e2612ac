-- needs: [child, episode, episode_in_placement, period]
-- grain:
--   cla_at_end: [la_code, child]
--   cla_during: [la_code, child]
--   ceased: [la_code, child]

-- cla_at_end: children looked after at the period end: an episode with DECOM on or before
-- the end and DEC blank or after it (methodology 1.3). One row per child, with the episode
-- open at the end and the child's age in whole years at the end (a birthday counts on the
-- day). A child with two open episodes (a data error) is counted once, on the later one.
CREATE OR REPLACE TEMP VIEW cla_at_end AS
SELECT e.*, c.dob, c.sex,
       CAST(extract(year FROM p.period_end) - extract(year FROM c.dob)
            - CASE WHEN extract(month FROM p.period_end) * 100 + extract(day FROM p.period_end)
                        < extract(month FROM c.dob) * 100 + extract(day FROM c.dob)
                   THEN 1 ELSE 0 END AS INTEGER) AS age_at_end,
       p.period_start, p.period_end
FROM (
    SELECT e.*, row_number() OVER (PARTITION BY e.la_code, e.child ORDER BY e.decom DESC)
             AS pick
    FROM episode_in_placement e JOIN period p ON p.la_code = e.la_code
    WHERE e.decom <= p.period_end AND (e.dec_date IS NULL OR e.dec_date > p.period_end)
) AS e
JOIN period p ON p.la_code = e.la_code
LEFT JOIN child c ON c.la_code = e.la_code AND c.child = e.child
WHERE e.pick = 1;

-- cla_during: children looked after at any time in the period (one row per child).
CREATE OR REPLACE TEMP VIEW cla_during AS
SELECT DISTINCT e.la_code, e.child
FROM episode e JOIN period p ON p.la_code = e.la_code
WHERE e.decom <= p.period_end AND (e.dec_date IS NULL OR e.dec_date >= p.period_start);

-- ceased: each child's last ceasing in the period: an episode ending in the period with a
-- reason other than X1 (indicators.md decision 11). One row per child.
CREATE OR REPLACE TEMP VIEW ceased AS
SELECT la_code, child, decom, dec_date, rec, place, period_no
FROM (
    SELECT e.*, row_number() OVER (PARTITION BY e.la_code, e.child
                                   ORDER BY e.dec_date DESC, e.decom DESC) AS pick
    FROM episode_in_placement AS e
    JOIN period AS p ON p.la_code = e.la_code
    WHERE e.dec_date BETWEEN p.period_start AND p.period_end AND e.rec <> 'X1'
) AS last_ceasing
WHERE pick = 1;
