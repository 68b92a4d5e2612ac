-- code: '503J'
-- years: 2023-2027
-- tables: Episodes,Episodes_last
-- fields: PL_LOCATION
-- message: >-
--   The placement location in first episode does not match open episode at end of last
--   year.
-- note: >-
--   When last year's return ended with the child's latest episode open, this year's first
--   episode for the child, if it starts on the same day (the same episode), must have the
--   same placement location (PL_LOCATION, IN or OUT of the council, derived from PL_POST;
--   none equals none).
WITH open_last AS (
    -- each child's latest episode in last year's return, when it is still open
    SELECT * FROM episodes_last WHERE seq = episodes_of_child AND dec IS NULL
)
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PL_POST' AS column_name, e.child
FROM episodes AS e
JOIN open_last AS l ON l.return_id = e.return_id AND l.child = e.child AND l.decom = e.decom
WHERE e.seq = 1 AND (e.pl_location IS DISTINCT FROM l.pl_location)
