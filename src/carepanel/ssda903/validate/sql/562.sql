-- code: 562
-- years: 2023-2027
-- tables: Episodes,Episodes_last
-- fields: DECOM
-- message: >-
--   Episode commenced before the start of the current collection year but there is a
--   missing continuous episode in the previous year.
-- note: >-
--   An episode of this year's return that started before 1 April must be in last year's
--   return (an episode with the same start date for the child).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DECOM' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.decom < c.year_start
  AND NOT EXISTS (SELECT 1 FROM episodes_last AS l
                  WHERE l.return_id = e.return_id AND l.child = e.child AND l.decom = e.decom)
