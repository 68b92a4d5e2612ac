-- code: 578
-- years: 2023-2027
-- tables: Episodes,Missing
-- fields: MIS_START
-- message: >-
--   The date that the child started to be missing is after the child ceased to be looked
--   after.
-- note: >-
--   A missing period that starts outside every spell in care of the child, after one of
--   them ended.
SELECT m.return_id, 'Missing' AS table_name, m.row_number, 'MIS_START' AS column_name, m.child
FROM missing AS m
WHERE m.mis_start IS NOT NULL
  AND (m.return_id, m.child) IN (SELECT return_id, child FROM care_spell)
  AND NOT EXISTS (SELECT 1 FROM care_spell AS s
                  WHERE s.return_id = m.return_id AND s.child = m.child
                        AND m.mis_start >= s.spell_start
                    AND (s.spell_end IS NULL OR m.mis_start <= s.spell_end))
  AND EXISTS (SELECT 1 FROM care_spell AS s
              WHERE s.return_id = m.return_id AND s.child = m.child AND s.spell_end < m.mis_start)
