-- code: 584
-- years: 2023-2027
-- tables: PlacedAdoption,PlacedAdoption_last
-- fields: DATE_PLACED
-- message: >-
--   Date of decision that the child should be placed for adoption this year is different
--   from that recorded last year, but the decision to placed the child for adoption
--   changed and the child should no longer be placed for adoption.
-- note: >-
--   After a decision that ceased (DATE_PLACED_CEASED or REASON_PLACED_CEASED given in last
--   year's return), a new decision this year must come after it: a DATE_PLACED this year
--   that is not one of last year's and is before the ceased decision's DATE_PLACED is
--   named. The same date as last year's is rule 561.
SELECT p.return_id, 'PlacedAdoption' AS table_name, p.row_number,
       'DATE_PLACED' AS column_name, p.child
FROM placed_adoption AS p
JOIN placed_adoption_last AS l ON l.return_id = p.return_id AND l.child = p.child
WHERE (l.date_placed_ceased_text IS NOT NULL OR l.reason_placed_ceased IS NOT NULL)
  AND p.date_placed < l.date_placed
  AND NOT EXISTS (SELECT 1 FROM placed_adoption_last AS k
                  WHERE k.return_id = p.return_id AND k.child = p.child
                        AND k.date_placed = p.date_placed)
