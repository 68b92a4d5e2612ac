-- needs: [child, episode, period]
-- grain:
--   oc3_young_person: [la_code, child]
--   oc3_cohort: [la_code, child]

-- oc3_young_person: every young person in the OC3 (care leavers) table of the return that
-- describes this period, the one whose reference date is the period end (indicators.md
-- decision 1), with their age in whole years at the period end (a birthday counts on the
-- day, decision 8; DOB from the Header of the latest return, else the OC3 row's own) and,
-- where the DfE leaves them out of every care-leaver figure, why (methodology 3.1):
--   * IN_TOUCH DIED: died after leaving care;
--   * IN_TOUCH RHOM: returned home to parents (or someone with parental responsibility)
--     for 6 months or more;
--   * their last episode of care ended with REC E3: care taken over by another council;
--   * every episode the history holds for them is a short break (legal status V3 or V4).
-- A young person whose care ended before the oldest return loaded has no episodes here:
-- nothing says they should be left out, so they are kept.
CREATE OR REPLACE TEMP VIEW oc3_young_person AS
SELECT o.la_code, o."child" AS child, coalesce(c.dob, o."dob") AS dob,
       CAST(extract(year FROM p.period_end) - extract(year FROM coalesce(c.dob, o."dob"))
            - CASE WHEN extract(month FROM p.period_end) * 100 + extract(day FROM p.period_end)
                        < extract(month FROM coalesce(c.dob, o."dob")) * 100
                          + extract(day FROM coalesce(c.dob, o."dob"))
                   THEN 1 ELSE 0 END AS INTEGER) AS age_at_end,
       o."in_touch" AS in_touch, o."activ" AS activ, o."accom" AS accom,
       CASE WHEN o."in_touch" = 'DIED' THEN 'died'
            WHEN o."in_touch" = 'RHOM' THEN 'returned home for 6 months or more'
            WHEN last_episode.rec = 'E3' THEN 'care taken over by another council (E3)'
            WHEN h.episodes > 0 AND h.care_episodes = 0
              THEN 'looked after only under short breaks (V3, V4)'
       END AS excluded_because,
       p.period_start, p.period_end
FROM oc3 AS o
JOIN period AS p ON p.la_code = o.la_code AND o.reference_date = p.period_end
LEFT JOIN child AS c ON c.la_code = o.la_code AND c.child = o."child"
LEFT JOIN (
    SELECT la_code, child, arg_max(rec, decom) AS rec
    FROM episode
    GROUP BY la_code, child
) AS last_episode ON last_episode.la_code = o.la_code AND last_episode.child = o."child"
LEFT JOIN (
    SELECT la_code, "child" AS child, count(*) AS episodes,
           count(*) FILTER (WHERE "ls" NOT IN ('V3', 'V4')) AS care_episodes
    FROM episodes
    GROUP BY la_code, "child"
) AS h ON h.la_code = o.la_code AND h.child = o."child";

-- oc3_cohort: the care leavers the DfE's OC3 figures count: young people aged 17 or 18
-- ('17-18') or 19, 20 or 21 ('19-21') at the period end, not left out above. Those the
-- council is not in touch with, who refuse contact or no longer want services stay in
-- (they are "information not known"). For each:
--   * eet: in education, employment or training (ACTIV F1, P1, F2, P2, F4, P4, F5, P5, and
--     the pre-2020 F3, P3) (methodology 3.2);
--   * neet: not in education, employment or training (ACTIV G4, G5, G6);
--   * suitability_counted: counted in the suitability figure, i.e. not gone abroad (G1,
--     G2), deported (H1, H2) or residence not known (R1, R2), whose suitability is not
--     usually known; accommodation not known (0, blank) is counted (methodology 3.3);
--   * suitable: accommodation considered suitable (an ACCOM code ending in 1).
CREATE OR REPLACE TEMP VIEW oc3_cohort AS
SELECT y.*,
       CASE WHEN y.age_at_end IN (17, 18) THEN '17-18' ELSE '19-21' END AS age_band,
       coalesce(y.activ IN ('F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'),
                FALSE) AS eet,
       coalesce(y.activ IN ('G4', 'G5', 'G6'), FALSE) AS neet,
       coalesce(substr(y.accom, 1, 1) NOT IN ('G', 'H', 'R'), TRUE) AS suitability_counted,
       coalesce(y.accom LIKE '_1' AND substr(y.accom, 1, 1) NOT IN ('G', 'H', 'R'), FALSE)
         AS suitable
FROM oc3_young_person AS y
WHERE y.excluded_because IS NULL
  AND y.age_at_end BETWEEN 17 AND 21;
