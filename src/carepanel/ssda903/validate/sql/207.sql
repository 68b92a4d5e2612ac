-- code: 207
-- years: 2023-2027
-- tables: Episodes,Header,Header_last
-- fields: MOTHER
-- message: >-
--   Mother status for the current year disagrees with the mother status already recorded
--   for this child.
-- note: >-
--   A child recorded as a mother (MOTHER 1) last year, with an episode this year, whose
--   MOTHER this year is not 1.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'MOTHER' AS column_name, h.child
FROM header AS h JOIN header_last AS l ON l.return_id = h.return_id AND l.child = h.child
WHERE l.mother = '1' AND h.mother IS DISTINCT FROM '1'
  AND (h.return_id, h.child) IN (SELECT return_id, child FROM episodes)
