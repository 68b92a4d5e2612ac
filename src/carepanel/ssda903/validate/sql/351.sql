-- code: 351
-- years: 2023-2027
-- tables: Header
-- fields: DOB
-- message: >-
--   Child was over 25 at the start of the current collection year.
-- note: >-
--   Over 25 means the 25th birthday was before 1 April of the collection year.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'DOB' AS column_name, h.child
FROM header AS h JOIN collection AS c ON c.return_id = h.return_id
WHERE birthday(h.dob, 25) < c.year_start
