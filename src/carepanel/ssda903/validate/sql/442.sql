-- code: 442
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: UPN
-- message: >-
--   Unique Pupil Number (UPN) field is not completed.
-- note: >-
--   A child with any episode other than a short break (V3, V4) must have a UPN (or one of
--   the unknown codes UN1 to UN5).
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'UPN' AS column_name, h.child
FROM header AS h
WHERE h.upn IS NULL
  AND (h.return_id, h.child) IN
      (SELECT return_id, child FROM episodes WHERE ls IS NULL OR ls NOT IN ('V3', 'V4'))
