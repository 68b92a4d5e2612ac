-- code: 522
-- years: 2023-2027
-- tables: PlacedAdoption
-- fields: DATE_PLACED,DATE_PLACED_CEASED
-- message: >-
--   Date of decision that the child should be placed for adoption must be on or before the
--   date that a child should no longer be placed for adoption.
SELECT return_id, 'PlacedAdoption' AS table_name, row_number,
       'DATE_PLACED_CEASED' AS column_name, child
FROM placed_adoption
WHERE date_placed_ceased < date_placed
