-- code: 209
-- years: 2023-2027
-- tables: Header
-- fields: UPN,DOB
-- message: >-
--   Child looked after is of school age and should not have an unknown Unique Pupil Number
--   (UPN) code of UN1.
-- note: >-
--   School age here means four or over on 31 August of the year before the collection year
--   began (31 August 2023 for 2024/25), as the DfE's rule defines it.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'UPN' AS column_name, h.child
FROM header AS h JOIN collection AS c ON c.return_id = h.return_id
WHERE h.upn = 'UN1'
  AND birthday(h.dob, 4) <= make_date(year(c.year_start) - 1, 8, 31)
