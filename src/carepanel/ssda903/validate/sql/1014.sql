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
    SELECT o.return_id, o.child FROM oc3 AS o
    WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
      AND (o.return_id, o.child) IN (SELECT return_id, child FROM uasc)
      AND (o.return_id, o.child) NOT IN (
          SELECT e.return_id, e.child
          FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
          WHERE e.child IS NOT NULL AND e.decom <= c.year_end
            AND (e.dec IS NULL OR e.dec >= c.year_start))
)
SELECT return_id, 'UASC' AS table_name, row_number, 'DUC' AS column_name, child
FROM uasc WHERE (return_id, child) IN (SELECT return_id, child FROM flagged)
UNION ALL
SELECT return_id, 'OC3', row_number, 'IN_TOUCH, ACTIV, ACCOM', child
FROM oc3 WHERE (return_id, child) IN (SELECT return_id, child FROM flagged)
