-- code: 586
-- years: 2023-2027
-- tables: Missing
-- fields: MIS_START
-- message: >-
--   Dates of missing periods are before child’s date of birth.
-- note: >-
--   Compared with the Missing table's own DOB.
SELECT return_id, 'Missing' AS table_name, row_number, 'MIS_START' AS column_name, child
FROM missing
WHERE mis_start < dob
