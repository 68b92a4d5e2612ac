-- needs: [episode_in_placement, period, period_of_care, placement]
-- grain:
--   adopted_3y: [la_code, child]

-- age_in_years(dob, on_day): a child's age in whole years on a day; a birthday counts on
-- the day (indicators.md decision 8), and a 29 February birthday counts on 1 March in other
-- years. The same rule as age_at_end in 05_at_end.sql, for ages on other days (at a
-- review, on entering care, at the start of a school year).
CREATE OR REPLACE TEMP MACRO age_in_years(dob, on_day) AS
    CAST(extract(year FROM on_day) - extract(year FROM dob)
         - CASE WHEN extract(month FROM on_day) * 100 + extract(day FROM on_day)
                     < extract(month FROM dob) * 100 + extract(day FROM dob)
                THEN 1 ELSE 0 END AS INTEGER);

-- adopted_3y: children adopted (an episode ending with REC E11 or E12) in the three years
-- to the period end, the cohort of the adoption scorecard measures A1, A2 and A10
-- (methodology 4.1). One row per child (their latest adoption), with the dates the
-- measures are worked from, all taken from the final period of care (the one that ended
-- in the adoption):
--   care_start     the start of the final period of care (its first known DECOM)
--   placed_on      DECOM of the first episode placed for adoption (A3-A6) in that period
--   placed_place   the placement type of that episode (A3, A5: with current foster carers)
--   carer_start    the start of the placement holding that episode: the run of episodes
--                  with the same carers, walked back through T, U and L changes to the last
--                  S, P or B episode (04_placement.sql); without an A3-A6 episode, the start
--                  of the placement the child was adopted from
--   authority_on   DECOM of the first episode in that period with a placement order (E1) or
--                  freeing order (D1): the date the court authorised placement
--   date_match, foster_care   from AD1 (match with the adopters; 1 = adopted by the
--                  child's foster carers)
CREATE OR REPLACE TEMP VIEW adopted_3y AS
WITH adoption AS (
    SELECT e.la_code, e.child, e.period_no, e.placement_no, e.dec_date AS adopted_on,
           row_number() OVER (PARTITION BY e.la_code, e.child ORDER BY e.dec_date DESC)
             AS pick
    FROM episode_in_placement AS e
    JOIN period AS p ON p.la_code = e.la_code
    WHERE e.rec IN ('E11', 'E12')
      AND e.dec_date > CAST(p.period_end - INTERVAL 3 YEAR AS DATE)
      AND e.dec_date <= p.period_end
), first_placed AS (
    SELECT la_code, child, period_no,
           min(decom) AS placed_on,
           arg_min(place, decom) AS placed_place,
           arg_min(placement_no, decom) AS placed_placement_no
    FROM episode_in_placement
    WHERE place IN ('A3', 'A4', 'A5', 'A6')
    GROUP BY la_code, child, period_no
), first_authority AS (
    SELECT la_code, child, period_no, min(decom) AS authority_on
    FROM episode_in_placement
    WHERE ls IN ('E1', 'D1')
    GROUP BY la_code, child, period_no
)
SELECT a.la_code, a.child, a.period_no, a.adopted_on,
       poc.period_start AS care_start,
       fp.placed_on, fp.placed_place,
       carer.placement_start AS carer_start,
       fa.authority_on,
       ad."date_match" AS date_match,
       ad."foster_care" AS foster_care
FROM adoption AS a
JOIN period_of_care AS poc
  ON poc.la_code = a.la_code AND poc.child = a.child AND poc.period_no = a.period_no
LEFT JOIN first_placed AS fp
  ON fp.la_code = a.la_code AND fp.child = a.child AND fp.period_no = a.period_no
LEFT JOIN placement AS carer
  ON carer.la_code = a.la_code AND carer.child = a.child
 AND carer.placement_no = coalesce(fp.placed_placement_no, a.placement_no)
LEFT JOIN first_authority AS fa
  ON fa.la_code = a.la_code AND fa.child = a.child AND fa.period_no = a.period_no
LEFT JOIN ad1 AS ad ON ad.la_code = a.la_code AND ad."child" = a.child
WHERE a.pick = 1;
