-- code: 555
-- years: 2023-2024
-- tables: Episodes,PlacedAdoption
-- fields: CHILD,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
-- message: >-
--   Freeing order has been granted but there is no date of decision that the child should
--   be placed for adoption.
-- note: >-
--   An episode under a freeing order (legal status D1) for a child with no PlacedAdoption
--   row.
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM episodes
WHERE ls = 'D1'
  AND (return_id, child) NOT IN
      (SELECT return_id, child FROM placed_adoption WHERE child IS NOT NULL)
