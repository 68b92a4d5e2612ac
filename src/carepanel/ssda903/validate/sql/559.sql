-- code: 559
-- years: 2023-2027
-- tables: PlacedAdoption,PlacedAdoption_last
-- fields: DATE_PLACED
-- message: >-
--   Date of decision that a child should be placed for adoption was not in the current
--   year but the date of the decision that the child should be placed for adoption was not
--   completed in a previous return.
-- note: >-
--   A decision made before 1 April (DATE_PLACED before the collection year) must already
--   be in last year's return: the child needs a PlacedAdoption row with a DATE_PLACED
--   there. A different date there is rule 560's concern.
SELECT p.return_id, 'PlacedAdoption' AS table_name, p.row_number,
       'DATE_PLACED' AS column_name, p.child
FROM placed_adoption AS p JOIN collection AS c ON c.return_id = p.return_id
WHERE p.date_placed < c.year_start
  AND (p.return_id, p.child) NOT IN (SELECT return_id, child FROM placed_adoption_last
                      WHERE child IS NOT NULL AND date_placed IS NOT NULL)
