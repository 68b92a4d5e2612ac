-- code: 607
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: DEC,REC,MOTHER,LS,SEX
-- message: >-
--   Child ceased to be looked after in the year, but mother field has not been completed.
-- note: >-
--   A girl (SEX 2 or F) with an episode that ends her care (REC other than X1) during the
--   collection year, other than a short break (V3, V4), and MOTHER blank. The episode and
--   the Header row are named.
WITH ceased AS (
    SELECT e.return_id, e.row_number AS episode_row, h.row_number AS header_row, e.child
    FROM episodes AS e
    JOIN header AS h ON h.return_id = e.return_id AND h.child = e.child
    JOIN collection AS c ON c.return_id = e.return_id
    WHERE e.rec IS NOT NULL AND e.rec <> 'X1'
      AND e.dec BETWEEN c.year_start AND c.year_end
      AND (e.ls IS NULL OR e.ls NOT IN ('V3', 'V4'))
      AND h.sex IN ('2', 'F') AND h.mother IS NULL
)
SELECT return_id, 'Episodes' AS table_name, episode_row AS row_number, 'REC' AS column_name, child
FROM ceased
UNION ALL
SELECT return_id, 'Header', header_row, 'MOTHER', child FROM ceased
