-- code: 352
-- years: 2023-2027
-- tables: Header,Episodes
-- fields: DECOM,RNE
-- message: >-
--   Child who started to be looked after was aged 18 or over.
-- note: >-
--   An episode starting a period of care (RNE S) on or after the child's 18th birthday.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DECOM' AS column_name, e.child
FROM episodes AS e
JOIN child_dob AS h ON h.return_id = e.return_id AND h.child = e.child
WHERE e.rne = 'S' AND e.decom >= birthday(h.dob, 18)
