-- code: 1000
-- years: 2023-2027
-- tables: Episodes,OC3
-- fields: IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   This child is recorded as having died in care and therefore should not have the care
--   leaver information completed.
-- note: >-
--   A care leaver (OC3) row with any of IN_TOUCH, ACTIV, ACCOM for a child with an episode
--   in this year's return that ended with death (REC E2).
SELECT o.return_id, 'OC3' AS table_name, o.row_number,
       'IN_TOUCH, ACTIV, ACCOM' AS column_name, o.child
FROM oc3 AS o
WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
  AND (o.return_id, o.child) IN (SELECT return_id, child FROM episodes WHERE rec = 'E2')
