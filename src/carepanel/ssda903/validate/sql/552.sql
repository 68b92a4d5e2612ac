-- code: 552
-- years: 2023-2027
-- tables: Episodes,PlacedAdoption
-- fields: DATE_PLACED,DECOM
-- message: >-
--   Date of Decision to place a child for adoption should be on or prior to the date that
--   the child was placed for adoption.
-- note: >-
--   The child's first placement for adoption (A3 to A6) in the return starts before every
--   DATE_PLACED the child has (a child with none is rule 551).
WITH first_placed AS (
    SELECT return_id, child, min(decom) AS decom, arg_min(row_number, decom) AS row_number
    FROM episodes WHERE place IN ('A3', 'A4', 'A5', 'A6') AND decom IS NOT NULL
    GROUP BY return_id, child
),
decision AS (
    SELECT return_id, child, min(date_placed) AS first_decision FROM placed_adoption
    WHERE date_placed IS NOT NULL GROUP BY return_id, child
)
SELECT f.return_id, 'Episodes' AS table_name, f.row_number, 'DECOM' AS column_name, f.child
FROM first_placed AS f JOIN decision AS d ON d.return_id = f.return_id AND d.child = f.child
WHERE d.first_decision > f.decom
