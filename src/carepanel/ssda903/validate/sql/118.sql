-- code: 118
-- years: 2023-2027
-- tables: Episodes,PlacedAdoption
-- fields: DECOM,DECOM,LS
-- message: >-
--   Date of decision that a child should no longer be placed for adoption is before the
--   current collection year or before the date the child started to be looked after.
-- note: >-
--   DATE_PLACED_CEASED before 1 April, or before the start of the child's earliest episode
--   in the return other than a short break (V3, V4).
WITH first_start AS (
    SELECT return_id, child, min(decom) AS decom FROM episodes
    WHERE ls IS NULL OR ls NOT IN ('V3', 'V4') GROUP BY return_id, child
)
SELECT p.return_id, 'PlacedAdoption' AS table_name, p.row_number,
       'DATE_PLACED_CEASED' AS column_name, p.child
FROM placed_adoption AS p
JOIN collection AS c ON c.return_id = p.return_id
LEFT JOIN first_start AS f ON f.return_id = p.return_id AND f.child = p.child
WHERE p.date_placed_ceased < c.year_start OR p.date_placed_ceased < f.decom
