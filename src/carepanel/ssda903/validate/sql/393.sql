-- code: 393
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: MOTHER
-- message: >-
--   Child is looked after but mother field is not completed.
-- note: >-
--   A girl (SEX 2, or F from 2024/25) with any episode other than a short break (V3, V4)
--   must have MOTHER completed (0 or 1), whatever her age.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'MOTHER' AS column_name, h.child
FROM header AS h
WHERE h.sex IN ('2', 'F') AND h.mother IS NULL
  AND (h.return_id, h.child) IN
      (SELECT return_id, child FROM episodes WHERE ls IS NULL OR ls NOT IN ('V3', 'V4'))
