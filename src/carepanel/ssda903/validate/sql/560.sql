-- code: 560
-- years: 2023-2027
-- tables: PlacedAdoption,PlacedAdoption_last
-- fields: DATE_PLACED,DATE_PLACED_CEASED
-- message: >-
--   Date of decision that the child should be placed for adoption this year is different
--   from that recorded last year but the decision to place the child for adoption did not
--   change.
-- note: >-
--   A decision that still stood at the end of last year (DATE_PLACED given, no
--   DATE_PLACED_CEASED) must be in this year's return with the same DATE_PLACED. When none
--   of the child's decisions this year has that date, each of them is named. Dates are
--   compared as written, so a date that is not a real date (30/02/2022) is one too.
SELECT p.return_id, 'PlacedAdoption' AS table_name, p.row_number,
       'DATE_PLACED' AS column_name, p.child
FROM placed_adoption AS p
JOIN placed_adoption_last AS l ON l.return_id = p.return_id AND l.child = p.child
WHERE l.date_placed_text IS NOT NULL AND l.date_placed_ceased_text IS NULL
  AND NOT EXISTS (SELECT 1 FROM placed_adoption AS q
                  WHERE q.return_id = l.return_id AND q.child = l.child
                        AND q.date_placed_text = l.date_placed_text)
