-- code: 'NoE'
-- years: 2023-2027
-- tables: Episodes,Episodes_last
-- fields: DECOM
-- message: >-
--   This child has no episodes loaded for previous year even though child started to be
--   looked after before this current year.
-- note: >-
--   A child whose first episode this year started before 1 April but who has no episode at
--   all in last year's return.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DECOM' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.seq = 1 AND e.decom < c.year_start
  AND (e.return_id, e.child) NOT IN
      (SELECT return_id, child FROM episodes_last WHERE child IS NOT NULL)
