-- code: 331
-- years: 2023-2027
-- tables: AD1,Episodes
-- fields: DATE_MATCH,DECOM,REC
-- message: >-
--   Date of matching child and adopter(s) should be the same as, or prior to, the date of
--   placement of adoption.
-- note: >-
--   For an episode that ended in adoption (REC E11 or E12), the AD1 DATE_MATCH after that
--   episode's start. The AD1 row and the episode are named.
WITH clash AS (
    SELECT a.return_id, a.row_number AS ad1_row, e.row_number AS episode_row, a.child
    FROM ad1 AS a JOIN episodes AS e ON e.return_id = a.return_id AND e.child = a.child
    WHERE e.rec IN ('E11', 'E12') AND a.date_match > e.decom
)
SELECT return_id, 'AD1' AS table_name, ad1_row AS row_number,
       'DATE_MATCH' AS column_name, child FROM clash
UNION ALL
SELECT return_id, 'Episodes', episode_row, 'DECOM', child FROM clash
