-- code: 625
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: MC_DOB,DEC
-- message: >-
--   Date of birth of the first child is beyond the end of this reporting year or the date
--   the child ceased to be looked after.
-- note: >-
--   MC_DOB after 31 March, or after the day the child ceased to be looked after: the end
--   of the child's latest episode in the return when it ended with a reason other than X1.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'MC_DOB' AS column_name, h.child
FROM header AS h
JOIN collection AS c ON c.return_id = h.return_id
LEFT JOIN episodes AS e
  ON e.return_id = h.return_id AND e.child = h.child
     AND e.seq = e.episodes_of_child AND e.rec IS NOT NULL AND e.rec <> 'X1'
WHERE h.mc_dob > c.year_end OR h.mc_dob > e.dec
