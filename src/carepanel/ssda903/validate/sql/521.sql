-- code: 521
-- years: 2023-2027
-- tables: Episodes,AD1
-- fields: PLACE,DECOM,DATE_INT
-- message: >-
--   Date of local authority's decision (LA) that adoption is in the best interests of the
--   child (date should be placed) must be on or prior to the date the child is placed for
--   adoption.
-- note: >-
--   Every placement for adoption episode (A3 to A6) that starts before the AD1 DATE_INT.
--   Both rows are named.
WITH clash AS (
    SELECT a.return_id, a.row_number AS ad1_row, e.row_number AS episode_row, a.child
    FROM episodes AS e JOIN ad1 AS a ON a.return_id = e.return_id AND a.child = e.child
    WHERE e.place IN ('A3', 'A4', 'A5', 'A6') AND a.date_int > e.decom
)
SELECT return_id, 'Episodes' AS table_name, episode_row AS row_number,
       'DECOM' AS column_name, child FROM clash
UNION ALL
SELECT return_id, 'AD1', ad1_row, 'DATE_INT', child FROM clash
