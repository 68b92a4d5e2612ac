-- code: 345
-- years: 2023-2027
-- tables: OC3
-- fields: IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   The data collection record shows the local authority is in touch with this young
--   person, but activity and/or accommodation data items are zero.
SELECT return_id, 'OC3' AS table_name, row_number, 'ACTIV, ACCOM' AS column_name, child
FROM oc3
WHERE in_touch = 'YES' AND (activ = '0' OR accom = '0')
