-- needs: [episode_in_period]
-- grain:
--   episode_in_placement: [la_code, child, decom]
--   placement: [la_code, child, placement_no]

-- placement: a run of episodes with the same carer. A new placement starts at an episode
-- with RNE S, P or B (a change of carer) or where a new period of care starts; RNE L, T and U
-- keep the carer (methodology 1.5, indicators.md decision 3). Placed for adoption with the
-- child's own foster carer (A3, A5) is coded T or U, so it is not a new placement.
CREATE OR REPLACE TEMP VIEW episode_in_placement AS
SELECT *,
       sum(starts_placement) OVER (PARTITION BY la_code, child ORDER BY decom
                                   ROWS UNBOUNDED PRECEDING) AS placement_no
FROM (
    SELECT *,
           CASE WHEN starts_period = 1 OR rne IN ('S', 'P', 'B') THEN 1 ELSE 0 END
             AS starts_placement
    FROM episode_in_period
) AS flagged;

CREATE OR REPLACE TEMP VIEW placement AS
SELECT la_code, child, period_no, placement_no,
       min(decom) AS placement_start,
       CASE WHEN count(*) = count(dec_date) THEN max(dec_date) END AS placement_end,
       arg_min(place, decom) AS first_place,
       arg_max(place, decom) AS last_place
FROM episode_in_placement
GROUP BY la_code, child, period_no, placement_no;
