-- code: 557
-- years: 2023-2027
-- tables: Episodes,PlacedAdoption
-- fields: DATE_PLACED_CEASED,REASON_PLACED_CEASED,PLACE,LS,REC
-- message: >-
--   Child for whom the decision was made that they should be placed for adoption has left
--   care but was not adopted and information on the decision that they should no longer be
--   placed for adoption items has not been completed.
-- note: >-
--   An episode placed for adoption (A3 to A6) or under a placement order (E1) that ended
--   the child's care other than by adoption (a REC other than X1, E11, E12), when the
--   child has no PlacedAdoption row or one without both the date and reason the decision
--   ceased. The episode is named.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'REC' AS column_name, e.child
FROM episodes AS e
WHERE (e.place IN ('A3', 'A4', 'A5', 'A6') OR e.ls = 'E1')
  AND e.rec IS NOT NULL AND e.rec NOT IN ('X1', 'E11', 'E12')
  AND ((e.return_id, e.child) NOT IN
      (SELECT return_id, child FROM placed_adoption WHERE child IS NOT NULL)
       OR (e.return_id, e.child) IN (SELECT return_id, child FROM placed_adoption
                      WHERE date_placed_ceased IS NULL OR reason_placed_ceased IS NULL))
