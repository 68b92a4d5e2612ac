-- code: 502
-- years: 2023-2027
-- tables: Episodes,Episodes_last
-- fields: DECOM
-- message: >-
--   Last year's record ended with an open episode. The date on which that episode started
--   does not match the start date of the first episode on this year’s record.
-- note: >-
--   Last year's return ended with the child's latest episode open; this year's first
--   episode for the child must start on the same day.
WITH open_last AS (
    -- each child's latest episode in last year's return, when it is still open
    SELECT * FROM episodes_last WHERE seq = episodes_of_child AND dec IS NULL
)
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DECOM' AS column_name, e.child
FROM episodes AS e JOIN open_last AS l ON l.return_id = e.return_id AND l.child = e.child
WHERE e.seq = 1 AND e.decom IS DISTINCT FROM l.decom
