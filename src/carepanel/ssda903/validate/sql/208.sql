-- code: 208
-- years: 2023-2027
-- tables: Header,Header_last
-- fields: UPN
-- message: >-
--   Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number
--   (UPN) already recorded for this child.
-- note: >-
--   Compared with last year's UPN. Allowed changes: from blank or an unknown code (UN1 to
--   UN5) to a real UPN, and from blank or UN1 to UN2 to UN5; a blank in both years is rule
--   442's.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'UPN' AS column_name, h.child
FROM header AS h JOIN header_last AS l ON l.return_id = h.return_id AND l.child = h.child
WHERE h.upn IS DISTINCT FROM l.upn
  AND NOT (h.upn IS NULL AND l.upn IS NULL)
  AND NOT ((l.upn IS NULL OR l.upn = 'UN1') AND h.upn IN ('UN2', 'UN3', 'UN4', 'UN5'))
  AND NOT ((l.upn IS NULL OR l.upn IN ('UN1', 'UN2', 'UN3', 'UN4', 'UN5'))
           AND h.upn IS NOT NULL AND h.upn NOT IN ('UN1', 'UN2', 'UN3', 'UN4', 'UN5'))
