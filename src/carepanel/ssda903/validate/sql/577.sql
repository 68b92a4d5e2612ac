-- code: 577
-- years: 2023-2027
-- tables: Episodes,Missing
-- fields: MIS_END
-- message: >-
--   Child ceased to be looked after but there is a missing/away from placement without
--   authorisation period without an end date.
-- note: >-
--   An open missing period (no MIS_END) that started in a spell in care that has ended.
SELECT DISTINCT m.return_id, 'Missing' AS table_name, m.row_number,
       'MIS_END' AS column_name, m.child
FROM missing AS m
JOIN care_spell AS s ON s.return_id = m.return_id AND s.child = m.child
WHERE m.mis_end IS NULL AND s.spell_end IS NOT NULL
  AND m.mis_start BETWEEN s.spell_start AND s.spell_end
