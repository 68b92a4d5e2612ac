-- code: 1014
-- years: 2023-2027
-- tables: Episodes,UASC,OC3
-- fields: ACTIV,ACCOM,IN_TOUCH,DUC
-- message: >-
--   UASC information is not required for care leavers
-- note: >-
--   A child in the UASC table with care leaver information (OC3) and no episode open on
--   any day of the collection year. The UASC and OC3 rows are named.
WITH flagged AS (
    SELECT o.child FROM oc3 AS o
    WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
      AND o.child IN (SELECT child FROM uasc)
      AND o.child NOT IN (
          SELECT e.child FROM episodes AS e CROSS JOIN collection AS c
          WHERE e.child IS NOT NULL AND e.decom <= c.year_end
            AND (e.dec IS NULL OR e.dec >= c.year_start))
)
SELECT 'UASC' AS table_name, row_number, 'DUC' AS column_name, child
FROM uasc WHERE child IN (SELECT child FROM flagged)
UNION ALL
SELECT 'OC3', row_number, 'IN_TOUCH, ACTIV, ACCOM', child
FROM oc3 WHERE child IN (SELECT child FROM flagged)
