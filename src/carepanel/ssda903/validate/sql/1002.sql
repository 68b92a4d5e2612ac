-- code: '1002'
-- years: 2023-2027
-- tables: Episodes,OC3,Episodes_last
-- fields: IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   This child has no previous episodes of care, therefore should not have care leaver
--   information recorded.
-- note: >-
--   A care leaver (a row of OC3) with no episode in this year's return, last year's, or any
--   earlier return of the council the warehouse holds. Run only when validating or
--   loading with a warehouse (--warehouse) and last year's return: the DfE's portal holds
--   every earlier return, and a care leaver who left care years ago has episodes only
--   there. A return is checked only when the warehouse holds a return of its council from
--   before last year's; one whose warehouse starts after a care leaver left care will see
--   the care leaver named: load the earlier returns first.
SELECT o.return_id, 'OC3' AS table_name, o.row_number, 'IN_TOUCH, ACTIV, ACCOM' AS column_name,
       o.child
FROM oc3 AS o
WHERE o.return_id IN (SELECT return_id FROM episodes_earlier)
  AND NOT EXISTS (SELECT 1 FROM episodes AS e
                  WHERE e.return_id = o.return_id AND e.child = o.child)
  AND NOT EXISTS (SELECT 1 FROM episodes_last AS l
                  WHERE l.return_id = o.return_id AND l.child = o.child)
  AND NOT EXISTS (SELECT 1 FROM episodes_earlier AS h
                  WHERE h.return_id = o.return_id AND h.child = o.child)
