-- code: 558
-- years: 2023-2027
-- tables: Episodes,PlacedAdoption
-- fields: DATE_PLACED_CEASED,REC
-- message: >-
--   If a child has been adopted, then the decision to place them for adoption has not been
--   disrupted and the date of the decision that a child should no longer be placed for
--   adoption should be left blank.
-- note: >-
--   A child adopted (an episode ending E11 or E12) whose latest decision to be placed for
--   adoption (the latest DATE_PLACED) has a DATE_PLACED_CEASED.
WITH latest AS (
    SELECT return_id, child, arg_max(date_placed_ceased, date_placed) AS ceased
    FROM placed_adoption WHERE date_placed IS NOT NULL GROUP BY return_id, child
)
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'REC' AS column_name, e.child
FROM episodes AS e JOIN latest AS l ON l.return_id = e.return_id AND l.child = e.child
WHERE e.rec IN ('E11', 'E12') AND l.ceased IS NOT NULL
