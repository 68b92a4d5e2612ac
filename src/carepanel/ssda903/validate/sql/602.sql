-- code: 602
-- years: 2023-2027
-- tables: Episodes,AD1
-- fields: CHILD
-- message: >-
--   The episode data submitted for this child does not show that he/she was adopted during
--   the year.
-- note: >-
--   An AD1 row with any adoption item for a child with no episode ending in adoption (E11,
--   E12) during the collection year.
SELECT a.return_id, 'AD1' AS table_name, a.row_number, 'CHILD' AS column_name, a.child
FROM ad1 AS a
WHERE (a.date_int IS NOT NULL OR a.date_match IS NOT NULL OR a.foster_care IS NOT NULL
       OR a.nb_adoptr IS NOT NULL OR a.sex_adoptr IS NOT NULL OR a.ls_adoptr IS NOT NULL)
  AND (a.return_id, a.child) NOT IN (
      SELECT e.return_id, e.child
      FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
      WHERE e.child IS NOT NULL AND e.rec IN ('E11', 'E12')
        AND e.dec BETWEEN c.year_start AND c.year_end)
