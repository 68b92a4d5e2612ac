-- code: 708
-- years: 2027
-- tables: DoLo
-- fields: DOLO_START
-- message: Dates of DoLOs are before child’s date of birth.
-- note: >-
--   DOLO_START before the date of birth in the Header (the DoLo row's own DOB when the
--   child is not in the Header).
SELECT d.return_id, 'DoLo' AS table_name, d.row_number, 'DOLO_START' AS column_name, d.child
FROM dolo AS d LEFT JOIN child_dob AS h ON h.return_id = d.return_id AND h.child = d.child
WHERE d.dolo_start < coalesce(h.dob, d.dob)
