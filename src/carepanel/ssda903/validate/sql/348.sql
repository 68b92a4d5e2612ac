-- code: 348
-- years: 2026-2027
-- tables: OC3
-- fields: IN_TOUCH
-- message: Care leaver has previously been reported as having died.
-- note: >-
--   The care leaver's IN_TOUCH was DIED in last year's return and is anything else (or
--   blank) in this year's. Needs last year's return, though the DfE lists only OC3.
SELECT o.return_id, 'OC3' AS table_name, o.row_number, 'IN_TOUCH' AS column_name, o.child
FROM oc3 AS o
WHERE o.in_touch IS DISTINCT FROM 'DIED'
  AND (o.return_id, o.child) IN (SELECT return_id, child FROM oc3_last WHERE in_touch = 'DIED')
