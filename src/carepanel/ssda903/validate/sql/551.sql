-- code: 551
-- years: 2023-2027
-- tables: Episodes,PlacedAdoption
-- fields: DATE_PLACED,PLACE
-- message: >-
--   Child has been placed for adoption but there is no date of the decision that the child
--   should be placed for adoption.
-- note: >-
--   An episode placed for adoption (A3 to A6) for a child with no PlacedAdoption
--   DATE_PLACED. A DATE_PLACED written but not a real date is a date given (the field
--   check reports its form).
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE' AS column_name, child
FROM episodes
WHERE place IN ('A3', 'A4', 'A5', 'A6')
  AND (return_id, child) NOT IN (SELECT return_id, child FROM placed_adoption
                    WHERE child IS NOT NULL AND date_placed_text IS NOT NULL)
