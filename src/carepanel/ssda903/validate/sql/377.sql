-- code: 377
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE
-- message: >-
--   Only two temporary placements coded as being due to holiday of usual foster carer(s)
--   are allowed in any 12- month period.
-- note: >-
--   Three or more T3 placements starting within twelve months of each other: every T3
--   episode of such a run is named.
WITH t3 AS (SELECT return_id, child, row_number, decom FROM episodes WHERE place = 'T3'),
too_many AS (
    SELECT a.return_id, a.child, a.decom AS window_end
    FROM t3 AS a JOIN t3 AS b ON b.return_id = a.return_id AND b.child = a.child
     AND b.decom > a.decom - INTERVAL 1 YEAR AND b.decom <= a.decom
    GROUP BY a.return_id, a.child, a.decom
    HAVING count(*) > 2
)
SELECT DISTINCT t.return_id, 'Episodes' AS table_name, t.row_number, 'PLACE' AS column_name, t.child
FROM t3 AS t JOIN too_many AS w ON w.return_id = t.return_id AND w.child = t.child
 AND t.decom > w.window_end - INTERVAL 1 YEAR AND t.decom <= w.window_end
