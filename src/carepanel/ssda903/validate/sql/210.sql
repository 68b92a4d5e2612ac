-- code: 210
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: UPN,DECOM
-- message: >-
--   Children looked after for more than a week at 31 March should not have an unknown
--   Unique Pupil Number (UPN) code of UN4.
-- note: >-
--   UN4 (UPN not yet obtained: newly looked after) is for a child who has been looked
--   after for a week or less on 31 March. Reported when the child is looked after on 31
--   March in a period of care that started before 24 March. The DfE's own rule text ('no
--   episode DECOM >= 24/03') reads the other way round; this follows the message.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'UPN' AS column_name, h.child
FROM header AS h
JOIN episodes AS e ON e.return_id = h.return_id AND e.child = h.child
JOIN period_of_care AS p ON p.return_id = e.return_id AND p.child = e.child AND p.seq = e.seq
JOIN collection AS c ON c.return_id = h.return_id
WHERE h.upn = 'UN4'
  AND e.decom <= c.year_end AND (e.dec IS NULL OR e.dec > c.year_end)
  AND p.period_start < c.year_end - INTERVAL 7 DAY
