-- code: 153
-- years: 2023-2027
-- tables: OC3
-- fields: IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   All data items relating to a child's activity or accommodation after leaving care must
--   be coded or left blank.
-- note: >-
--   IN_TOUCH, ACTIV and ACCOM are all given or all blank.
SELECT return_id, 'OC3' AS table_name, row_number, 'IN_TOUCH, ACTIV, ACCOM' AS column_name, child
FROM oc3
WHERE NOT (in_touch IS NOT NULL AND activ IS NOT NULL AND accom IS NOT NULL)
  AND NOT (in_touch IS NULL AND activ IS NULL AND accom IS NULL)
