-- code: '453'
-- years: 2023-2027
-- tables: Episodes,Episodes_last
-- fields: PL_DISTANCE
-- message: >-
--   Contradiction between placement distance in the last episode of the previous year and
--   in the first episode of the current year.
-- note: >-
--   A child's first episode this year and last episode in last year's return, when that
--   one is still open and both have the same reason for new episode (RNE): the distance
--   from home (PL_DISTANCE, derived from the two postcodes) must be the same, to within
--   0.2 miles; a distance this year where there was none is a contradiction.
WITH last_open AS (
    SELECT * FROM episodes_last WHERE seq = episodes_of_child AND dec IS NULL
)
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'HOME_POST, PL_POST' AS column_name,
       e.child
FROM episodes AS e
JOIN last_open AS l ON l.return_id = e.return_id AND l.child = e.child
WHERE e.seq = 1 AND e.rne IS NOT DISTINCT FROM l.rne
  AND (abs(e.pl_distance - l.pl_distance) >= 0.2
       OR (l.pl_distance IS NULL AND e.pl_distance IS NOT NULL))
