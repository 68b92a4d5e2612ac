-- needs: [cla_at_end, episode]
-- grain:
--   oc2_cohort: [la_code, child]

-- oc2_cohort: children looked after continuously for 12 months at the period end, the cohort
-- the DfE reports health, SDQ, substance misuse and convictions for (methodology 2.1,
-- indicators.md decision 6). A child looked after at the end of the period is in it unless,
-- during the period, they:
--   * started to be looked after again: an RNE S episode starting after the period's first
--     day (one starting on the first day itself still gives the whole 12 months);
--   * left care: an episode ending with a reason other than X1 on any day from the first
--     day of the period to the day before its last (a DEC with no REC counts as leaving);
--   * had a short break: an episode with legal status V3 or V4 on any day of the period.
-- Each child carries their OC2 row from the return that describes this period, the one
-- whose reference date is the period end (decision 1): never another year's. A child with
-- no OC2 row there stays in the cohort with every outcome unknown (has_oc2_row false),
-- which the indicators count as "no". An SDQ score outside 0-40 is not a score.
CREATE OR REPLACE TEMP VIEW oc2_cohort AS
SELECT c.la_code, c.child, c.dob, c.sex, c.age_at_end, c.period_start, c.period_end,
       o."child" IS NOT NULL AS has_oc2_row,
       CASE WHEN o."sdq_score" BETWEEN 0 AND 40 THEN o."sdq_score" END AS sdq_score,
       o."sdq_reason" AS sdq_reason,
       o."convicted" AS convicted,
       o."health_check" AS health_check,
       o."immunisations" AS immunisations,
       o."teeth_check" AS teeth_check,
       o."health_assessment" AS health_assessment,
       o."substance_misuse" AS substance_misuse,
       o."intervention_received" AS intervention_received,
       o."intervention_offered" AS intervention_offered
FROM cla_at_end AS c
LEFT JOIN oc2 AS o
  ON o.la_code = c.la_code AND o."child" = c.child AND o.reference_date = c.period_end
WHERE NOT EXISTS (        -- started to be looked after again after the first day
        SELECT 1 FROM episode AS e
        WHERE e.la_code = c.la_code AND e.child = c.child
          AND e.rne = 'S'
          AND e.decom > c.period_start AND e.decom <= c.period_end)
  AND NOT EXISTS (        -- left care before the last day
        SELECT 1 FROM episode AS e
        WHERE e.la_code = c.la_code AND e.child = c.child
          AND e.dec_date >= c.period_start AND e.dec_date < c.period_end
          AND coalesce(e.rec, '') <> 'X1')
  AND NOT EXISTS (        -- a short break (V3, V4) on any day of the period
        SELECT 1 FROM episodes AS b
        WHERE b.la_code = c.la_code AND b."child" = c.child
          AND b."ls" IN ('V3', 'V4')
          AND b."decom" <= c.period_end
          AND (b."dec" IS NULL OR b."dec" >= c.period_start));
