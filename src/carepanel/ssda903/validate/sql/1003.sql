-- code: 1003
-- years: 2023-2027
-- tables: Episodes,PlacedAdoption
-- fields: DATE_PLACED,DECOM,RNE
-- message: >-
--   Date of LA's decision that a child should be placed for adoption is before the child
--   started to be looked after.
-- note: >-
--   Compared with the child's earliest episode starting a period of care (RNE S) in the
--   return. Both rows are named.
WITH first_start AS (
    SELECT return_id, child, min(decom) AS decom, arg_min(row_number, decom) AS row_number
    FROM episodes WHERE rne = 'S' AND decom IS NOT NULL GROUP BY return_id, child
),
clash AS (
    SELECT p.return_id, p.row_number AS pa_row, f.row_number AS episode_row, p.child
    FROM placed_adoption AS p
    JOIN first_start AS f ON f.return_id = p.return_id AND f.child = p.child
    WHERE p.date_placed < f.decom
)
SELECT return_id, 'PlacedAdoption' AS table_name, pa_row AS row_number,
       'DATE_PLACED' AS column_name, child
FROM clash
UNION ALL
SELECT return_id, 'Episodes', episode_row, 'DECOM', child FROM clash
