-- code: 554
-- years: 2023-2027
-- tables: Episodes,PlacedAdoption
-- fields: DATE_PLACED,DECOM,LS
-- message: >-
--   Date of decision that the child should be placed for adoption should be on or prior to
--   the date that the placement order was granted.
-- note: >-
--   The child's first episode under a placement order (E1) in the return starts before
--   every DATE_PLACED the child has.
WITH first_order AS (
    SELECT return_id, child, min(decom) AS decom, arg_min(row_number, decom) AS row_number
    FROM episodes WHERE ls = 'E1' AND decom IS NOT NULL GROUP BY return_id, child
),
decision AS (
    SELECT return_id, child, min(date_placed) AS first_decision FROM placed_adoption
    WHERE date_placed IS NOT NULL GROUP BY return_id, child
)
SELECT f.return_id, 'Episodes' AS table_name, f.row_number, 'DECOM' AS column_name, f.child
FROM first_order AS f JOIN decision AS d ON d.return_id = f.return_id AND d.child = f.child
WHERE d.first_decision > f.decom
