-- id: social_worker_3plus_pct
-- title: Children looked after with three or more social workers in the period
-- unit: percent
-- polarity: low
-- cohort: cla_at_end
-- source: indicator_methodology.md 8.2 (DfE stability measures, social worker count)
-- requires: sw_episodes
-- period: year
-- period_note: >
--   the DfE counts the social workers a child looked after at 31 March had during the year
--   (1 April to 31 March; 3 or more is high instability, methodology 8.2); three in a
--   quarter is a different measure
-- plain: >
--   Of the children looked after on the last day of the period, the share who had three
--   or more different social workers during it.
-- definition: >
--   Of the children looked after at the end of the period, the percentage who had three or
--   more different social workers (distinct SW_ID) with a social worker episode open on at
--   least one day of the period (SW_DECOM on or before its last day, SW_DEC blank or on or
--   after its first day), including any time the child was not looked after. Going back to
--   an earlier social worker is not a new one. Computed only where a loaded return with a
--   SWEpisodes table covers the period end (the table is collected from 2023/24): earlier
--   periods have no denominator.
WITH covered AS (
    SELECT DISTINCT p.la_code
    FROM period AS p
    JOIN active_tables AS a ON a.la_code = p.la_code AND a.table_name = 'SWEpisodes'
    WHERE make_date(a.collection_year - 1, 4, 1) <= p.period_end
      AND p.period_end <= a.reference_date
), workers AS (
    SELECT s.la_code, s."child" AS child, count(DISTINCT s."sw_id") AS social_workers
    FROM sw_episodes AS s
    JOIN period AS p ON p.la_code = s.la_code
    WHERE s."sw_decom" <= p.period_end
      AND (s."sw_dec" IS NULL OR s."sw_dec" >= p.period_start)
    GROUP BY s.la_code, s."child"
)
SELECT c.la_code,
       count(*) FILTER (WHERE w.social_workers >= 3) AS numerator,
       count(*) AS denominator
FROM cla_at_end AS c
JOIN covered AS cv ON cv.la_code = c.la_code
LEFT JOIN workers AS w ON w.la_code = c.la_code AND w.child = c.child
GROUP BY c.la_code
