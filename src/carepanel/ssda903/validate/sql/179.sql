-- code: '179'
-- years: 2023-2027
-- tables: Episodes
-- fields: PL_LOCATION
-- message: >-
--   Placement location code is not a valid code.
-- note: >-
--   PL_LOCATION is IN when the placement postcode (PL_POST) is in the child's own council
--   and OUT when it is elsewhere, from the ONS postcode directory. Every episode other
--   than a short break (V3, V4) needs it: a placement postcode that is blank or not in the
--   directory gives none.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PL_POST' AS column_name, child
FROM episodes
WHERE (ls IS NULL OR ls NOT IN ('V3', 'V4')) AND pl_location IS NULL
