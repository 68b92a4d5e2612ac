-- code: 205B
-- years: 2023-2027
-- tables: UASC,UASC_last,Header,Header_last
-- fields: DUC,UASC
-- message: >-
--   Child previously identified as UASC is also UASC this year, but date UASC ceased in
--   both years does not support this.
-- note: >-
--   In the CSV return a child's UASC status is whether the child is in the UASC table (see
--   205A): a child UASC this year and last year is in both years' UASC tables and Headers.
--   The DfE's rule asks that last year's DUC is the 18th birthday (by last year's DOB), and
--   that this year's DUC is within this year or the same as last year's. The child's UASC
--   row and Header row are named. Run only when both returns came with a UASC table.
WITH pairs AS (
    SELECT u.return_id, u.row_number, u.child
    FROM uasc AS u
    JOIN collection AS c ON c.return_id = u.return_id
    JOIN uasc_last AS l ON l.return_id = u.return_id AND l.child = u.child
    WHERE list_contains(c.tables_given, 'UASC')
      AND list_contains(c.tables_given_last, 'UASC')
      AND EXISTS (SELECT 1 FROM header_last AS hl
                  WHERE hl.return_id = u.return_id AND hl.child = u.child)
      AND ((NOT coalesce(u.duc BETWEEN c.year_start AND c.year_end, false)
            AND NOT coalesce(u.duc = l.duc, false))
           OR NOT coalesce(l.duc = birthday(l.dob, 18), false))
)
SELECT p.return_id, 'UASC' AS table_name, p.row_number, 'DUC' AS column_name, p.child
FROM pairs AS p
WHERE EXISTS (SELECT 1 FROM header AS h WHERE h.return_id = p.return_id AND h.child = p.child)
UNION
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'CHILD' AS column_name, h.child
FROM header AS h JOIN pairs AS p ON p.return_id = h.return_id AND p.child = h.child
