-- code: 561
-- years: 2023-2027
-- tables: PlacedAdoption,PlacedAdoption_last
-- fields: DATE_PLACED
-- message: >-
--   Date of the decision that the child should be placed for adoption this year is the
--   same as that recorded last year but records show that the decision changed, and the
--   child should no longer be placed for adoption last year.
-- note: >-
--   This year's decision has the DATE_PLACED of one of the child's decisions last year that
--   had already ceased (a DATE_PLACED_CEASED or REASON_PLACED_CEASED given last year).
SELECT p.return_id, 'PlacedAdoption' AS table_name, p.row_number,
       'DATE_PLACED' AS column_name, p.child
FROM placed_adoption AS p
JOIN placed_adoption_last AS l
  ON l.return_id = p.return_id AND l.child = p.child AND l.date_placed = p.date_placed
WHERE l.date_placed_ceased_text IS NOT NULL OR l.reason_placed_ceased IS NOT NULL
