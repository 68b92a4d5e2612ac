-- code: 576
-- years: 2023-2027
-- tables: MIssing,Missing_last
-- fields: CHILD
-- message: >-
--   There is an open missing/away from placement without authorisation period in last
--   year’s return and there is no corresponding period recorded at the start of this year.
-- note: >-
--   A missing or away period open at the end of last year's return (no MIS_END) that this
--   year's return does not hold (no period for the child with the same start). The row of
--   last year's return is named.
SELECT l.return_id, 'Missing_last' AS table_name, l.row_number, 'MIS_END' AS column_name, l.child
FROM missing_last AS l
WHERE l.mis_end_text IS NULL AND l.mis_start IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM missing AS m
                  WHERE m.return_id = l.return_id AND m.child = l.child
                        AND m.mis_start = l.mis_start)
