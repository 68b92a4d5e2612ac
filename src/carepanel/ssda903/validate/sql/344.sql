-- code: 344
-- years: 2023-2027
-- tables: OC3
-- fields: IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   The record shows the young person has died or returned home to live with parent(s) or
--   someone with parental responsibility for a continuous period of 6 months or more, but
--   activity and/or accommodation on leaving care have been completed.
-- note: >-
--   When IN_TOUCH is DIED or RHOM, ACTIV and ACCOM must be 0 (not collected).
SELECT return_id, 'OC3' AS table_name, row_number, 'ACTIV, ACCOM' AS column_name, child
FROM oc3
WHERE in_touch IN ('DIED', 'RHOM')
  AND (activ IS DISTINCT FROM '0' OR accom IS DISTINCT FROM '0')
