-- code: '452'
-- years: 2023-2027
-- tables: Episodes,Episodes_last
-- fields: PL_LA
-- message: >-
--   Contradiction between local authority of placement code in the last episode of the
--   previous year and in the first episode of the current year.
-- note: >-
--   A child's first episode this year and last episode in last year's return, when that
--   one is still open and both have the same reason for new episode (RNE): the placement
--   council (PL_LA, derived from PL_POST; none equals none) must be the same.
WITH last_open AS (
    SELECT * FROM episodes_last WHERE seq = episodes_of_child AND dec IS NULL
)
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PL_POST' AS column_name, e.child
FROM episodes AS e
JOIN last_open AS l ON l.return_id = e.return_id AND l.child = e.child
WHERE e.seq = 1 AND e.rne IS NOT DISTINCT FROM l.rne AND e.pl_la IS DISTINCT FROM l.pl_la
