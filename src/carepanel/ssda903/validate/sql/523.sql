-- code: 523
-- years: 2023-2027
-- tables: PlacedAdoption,AD1
-- fields: DATE_PLACED,DATE_INT
-- message: >-
--   Date of decision that the child should be placed for adoption should be the same date
--   as the decision that adoption is in the best interest (date should be placed).
-- note: >-
--   Every PlacedAdoption DATE_PLACED of a child that differs from the AD1 DATE_INT. Both
--   rows are named.
WITH clash AS (
    SELECT p.return_id, p.row_number AS pa_row, a.row_number AS ad1_row, p.child
    FROM placed_adoption AS p JOIN ad1 AS a ON a.return_id = p.return_id AND a.child = p.child
    WHERE p.date_placed <> a.date_int
)
SELECT return_id, 'PlacedAdoption' AS table_name, pa_row AS row_number,
       'DATE_PLACED' AS column_name, child
FROM clash
UNION ALL
SELECT return_id, 'AD1', ad1_row, 'DATE_INT', child FROM clash
