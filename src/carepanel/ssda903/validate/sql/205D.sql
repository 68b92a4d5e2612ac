-- code: 205D
-- years: 2023-2027
-- tables: UASC,UASC_last,Header,Header_last
-- fields: UASC,CHILD
-- message: >-
--   Child identified as UASC this year but not identified as UASC status provided for the
--   child last year.
-- note: >-
--   In the CSV return a child's UASC status is whether the child is in the UASC table (see
--   205A). A child in last year's Header who is in this year's UASC table and not in last
--   year's: the child's Header row is named. Run only when both returns came with a UASC
--   table (without last year's, the status last year is not known).
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'CHILD' AS column_name, h.child
FROM header AS h
JOIN collection AS c ON c.return_id = h.return_id
WHERE list_contains(c.tables_given, 'UASC') AND list_contains(c.tables_given_last, 'UASC')
  AND EXISTS (SELECT 1 FROM uasc AS u WHERE u.return_id = h.return_id AND u.child = h.child)
  AND EXISTS (SELECT 1 FROM header_last AS hl
              WHERE hl.return_id = h.return_id AND hl.child = h.child)
  AND NOT EXISTS (SELECT 1 FROM uasc_last AS l
                  WHERE l.return_id = h.return_id AND l.child = h.child)
