-- code: 334
-- years: 2023-2027
-- tables: Episodes,AD1
-- fields: DATE_INT,DECOM,RNE
-- message: >-
--   Date child started to be looked after in latest period of care must be on or prior to
--   the date should be placed for adoption.
-- note: >-
--   The latest episode starting a period of care (RNE S) in the return, against AD1
--   DATE_INT. Both rows are named.
WITH latest_start AS (
    SELECT return_id, child, max(decom) AS decom, arg_max(row_number, decom) AS row_number
    FROM episodes WHERE rne = 'S' AND decom IS NOT NULL GROUP BY return_id, child
),
clash AS (
    SELECT a.return_id, a.row_number AS ad1_row, s.row_number AS episode_row, a.child
    FROM ad1 AS a JOIN latest_start AS s ON s.return_id = a.return_id AND s.child = a.child
    WHERE a.date_int < s.decom
)
SELECT return_id, 'AD1' AS table_name, ad1_row AS row_number,
       'DATE_INT' AS column_name, child FROM clash
UNION ALL
SELECT return_id, 'Episodes', episode_row, 'DECOM', child FROM clash
