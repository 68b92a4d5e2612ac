-- code: 119
-- years: 2023-2027
-- tables: PlacedAdoption
-- fields: REASON_PLACED_CEASED,DATE_PLACED_CEASED
-- message: >-
--   If the decision is made that a child should no longer be placed for adoption, then the
--   date of this decision and the reason why this decision was made must be completed.
SELECT return_id, 'PlacedAdoption' AS table_name, row_number,
       'DATE_PLACED_CEASED, REASON_PLACED_CEASED' AS column_name, child
FROM placed_adoption
WHERE (date_placed_ceased_text IS NULL) <> (reason_placed_ceased IS NULL)
