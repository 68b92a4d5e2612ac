-- code: 634
-- years: 2023-2027
-- tables: Episodes,PrevPerm
-- fields: LA_PERM,PREV_PERM,DATE_PERM,DECOM
-- message: >-
--   There are entries for previous permanence options, but child has not started to be
--   looked after from 1 April 2016 onwards.
-- note: >-
--   Previous permanence information for a child none of whose episodes in the return
--   starts on or after 1 April 2016.
SELECT p.return_id, 'PrevPerm' AS table_name, p.row_number,
       'PREV_PERM, LA_PERM, DATE_PERM' AS column_name, p.child
FROM prev_perm AS p
JOIN (SELECT return_id, child, max(decom) AS decom FROM episodes GROUP BY return_id, child) AS l
  ON l.return_id = p.return_id AND l.child = p.child
WHERE (p.prev_perm IS NOT NULL OR p.la_perm IS NOT NULL OR p.date_perm IS NOT NULL)
  AND l.decom < DATE '2016-04-01'
