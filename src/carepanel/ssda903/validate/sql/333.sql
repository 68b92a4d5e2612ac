-- code: 333
-- years: 2023-2027
-- tables: AD1
-- fields: DATE_INT
-- message: >-
--   Date should be placed for adoption must be on or prior to the date of matching child
--   with adopter(s).
-- note: >-
--   A DATE_MATCH needs a DATE_INT on or before it.
SELECT return_id, 'AD1' AS table_name, row_number, 'DATE_INT' AS column_name, child
FROM ad1
WHERE date_match IS NOT NULL AND (date_int IS NULL OR date_int > date_match)
