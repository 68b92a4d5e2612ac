-- code: 205A
-- years: 2023-2027
-- tables: UASC,UASC_last,Header,Header_last
-- fields: CHILD,UASC
-- message: >-
--   Child identified as UASC last year is no longer UASC this year, but date UASC ceased in
--   both years does not support this.
-- note: >-
--   The Header's UASC flag is in the XML return only. In the CSV return a child's UASC
--   status is whether the child is in the UASC table, and the Header row carries it (as the
--   DfE's and the peer's validators read a CSV return): a child in this year's UASC table
--   whose Header row is missing has no status this year. When such a child had the status
--   last year (in last year's UASC table and Header), the DfE's rule asks that DUC was
--   given last year, within last year, and is not given this year: the UASC row is named
--   when last year's DUC is not a date within last year or this year's DUC is given. Run
--   only when both returns came with a UASC table (without one the status is not known).
SELECT DISTINCT u.return_id, 'UASC' AS table_name, u.row_number, 'CHILD' AS column_name,
       u.child
FROM uasc AS u
JOIN collection AS c ON c.return_id = u.return_id
JOIN uasc_last AS l ON l.return_id = u.return_id AND l.child = u.child
WHERE list_contains(c.tables_given, 'UASC') AND list_contains(c.tables_given_last, 'UASC')
  AND NOT EXISTS (SELECT 1 FROM header AS h
                  WHERE h.return_id = u.return_id AND h.child = u.child)
  AND EXISTS (SELECT 1 FROM header_last AS hl
              WHERE hl.return_id = u.return_id AND hl.child = u.child)
  AND (u.duc_text IS NOT NULL
       OR NOT coalesce(l.duc BETWEEN c.year_start - INTERVAL 1 YEAR
                                 AND c.year_end - INTERVAL 1 YEAR, false))
