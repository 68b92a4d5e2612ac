-- code: 626
-- years: 2023-2027
-- tables: Header,Header_last
-- fields: MOTHER,MC_DOB
-- message: >-
--   Child was reported as a mother but the date of birth of the first child is before the
--   current year which contradicts with the mother status recorded last year.
-- note: >-
--   MOTHER 1 this year with a first child born before 1 April, when last year's return
--   said MOTHER 0.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'MOTHER, MC_DOB' AS column_name, h.child
FROM header AS h
JOIN header_last AS l ON l.return_id = h.return_id AND l.child = h.child
JOIN collection AS c ON c.return_id = h.return_id
WHERE h.mother = '1' AND l.mother = '0' AND h.mc_dob < c.year_start
