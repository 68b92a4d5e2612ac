-- code: 357
-- years: 2023-2027
-- tables: Episodes
-- fields: RNE
-- message: >-
--   If this is the first episode ever for this child, reason for new episode must be S.
--   Check whether there is an episode immediately preceding this one, which has been left
--   out.  If not the reason for new episode code must be amended to S.
-- note: >-
--   Only a child's first episode in the return can be checked, and only when it starts on
--   or after 1 April: an earlier start may continue an episode from last year's return.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'RNE' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.seq = 1 AND e.decom >= c.year_start AND (e.rne IS NULL OR e.rne <> 'S')
