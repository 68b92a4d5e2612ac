-- code: 205C
-- years: 2023-2027
-- tables: UASC,UASC_last,Header,Header_last
-- fields: DUC,UASC
-- message: >-
--   Child not identified as UASC either this year or last year but date UASC ceased has
--   been provided.
-- note: >-
--   In the CSV return a child's UASC status is whether the child is in the UASC table (see
--   205A), and the Header row carries it: a child in this year's UASC table whose Header
--   row is missing has no status this year, and none last year unless in last year's UASC
--   table and Header. The UASC row of such a child is named when a DUC is given, this
--   year's or last year's (a real date). Run only when both returns came with a UASC table.
SELECT u.return_id, 'UASC' AS table_name, u.row_number, 'DUC' AS column_name, u.child
FROM uasc AS u
JOIN collection AS c ON c.return_id = u.return_id
WHERE list_contains(c.tables_given, 'UASC') AND list_contains(c.tables_given_last, 'UASC')
  AND NOT EXISTS (SELECT 1 FROM header AS h
                  WHERE h.return_id = u.return_id AND h.child = u.child)
  AND NOT (EXISTS (SELECT 1 FROM uasc_last AS l
                   WHERE l.return_id = u.return_id AND l.child = u.child)
           AND EXISTS (SELECT 1 FROM header_last AS hl
                       WHERE hl.return_id = u.return_id AND hl.child = u.child))
  AND (u.duc IS NOT NULL
       OR EXISTS (SELECT 1 FROM uasc_last AS l
                  WHERE l.return_id = u.return_id AND l.child = u.child
                    AND l.duc IS NOT NULL))
