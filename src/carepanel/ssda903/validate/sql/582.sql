-- code: 582
-- years: 2023-2027
-- tables: Episodes,AD1
-- fields: DEC,DATE_MATCH
-- message: >-
--   Child is showing as ceasing to be looked after due to adoption, but the date of
--   adoption is the same as the date reported for being matched with adopters. In most
--   circumstances we expect the date the child is matched with adopters to be before the
--   date of adoption.
SELECT DISTINCT e.return_id, 'Episodes' AS table_name, e.row_number, 'DEC' AS column_name, e.child
FROM episodes AS e JOIN ad1 AS a ON a.return_id = e.return_id AND a.child = e.child
WHERE e.rec IN ('E11', 'E12') AND e.dec = a.date_match
