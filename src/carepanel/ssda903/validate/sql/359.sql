-- code: 359
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: DEC,LS,PLACE
-- message: >-
--   Child being looked after following 18th birthday must be accommodated under section
--   20(5) of the Children Act 1989 in a community home.
-- note: >-
--   An episode still open at the end of the year, for a young person who turned 18 before
--   31 March, must be legal status V2 in placement K2.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'LS, PLACE' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
JOIN collection AS c ON c.return_id = e.return_id
WHERE e.dec IS NULL
  AND birthday(h.dob, 18) < c.year_end
  AND NOT (e.ls = 'V2' AND e.place = 'K2')
