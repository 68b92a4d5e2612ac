-- code: 367
-- years: 2023-2027
-- tables: Episodes
-- fields: LS,DECOM,DEC
-- message: >-
--   The maximum amount of respite care allowable is 75 days in any 12-month period.
-- note: >-
--   Days of respite (V3) episodes within the collection year, added up per child (each
--   episode's days counted from its start, or 1 April, to its end, or 31 March). Every V3
--   episode of a child over 75 days is named. An episode whose DEC was given but is not a
--   real date is left out of the count: its days are not known (the field check reports
--   the DEC).
WITH days AS (
    SELECT e.return_id, e.child, e.row_number,
           least(coalesce(e.dec, c.year_end), c.year_end)
             - greatest(e.decom, c.year_start) AS days
    FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
    WHERE e.ls = 'V3' AND e.decom <= c.year_end
      AND (e.dec IS NOT NULL OR e.dec_text IS NULL)
)
SELECT return_id, 'Episodes' AS table_name, row_number, 'DECOM, DEC' AS column_name, child
FROM days
WHERE days > 0
  AND (return_id, child) IN
      (SELECT return_id, child FROM days WHERE days > 0
       GROUP BY return_id, child HAVING sum(days) > 75)
