-- code: 1011
-- years: 2023-2027
-- tables: Episodes,OC3
-- fields: IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   This child is recorded as having his/her care transferred to another local authority
--   for the final episode and therefore should not have the care leaver information
--   completed.
-- note: >-
--   The child's latest episode in the return ended with REC E3 (care transferred to
--   another council).
SELECT o.return_id, 'OC3' AS table_name, o.row_number,
       'IN_TOUCH, ACTIV, ACCOM' AS column_name, o.child
FROM oc3 AS o
WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
  AND (o.return_id, o.child) IN
      (SELECT return_id, child FROM episodes WHERE seq = episodes_of_child AND rec = 'E3')
