-- code: SW17STG2
-- years: 2026-2027
-- tables: SWEpisodes
-- fields: SW_DEC,SW_DECOM
-- message: There is no social worker episode open at 31 March
-- note: >-
--   For a child looked after on 31 March (an open episode that is not a short break), the
--   latest social worker episode (by SW_DECOM) must be open. A child who left care needs no
--   social worker at 31 March.
SELECT l.return_id, 'SWEpisodes' AS table_name, l.row_number, 'SW_DEC' AS column_name, l.child
FROM sw_ordered AS l JOIN collection AS c ON c.return_id = l.return_id
WHERE l.newest_first = 1 AND l.sw_dec_text IS NOT NULL
  AND EXISTS (SELECT 1 FROM episodes AS e
              WHERE e.return_id = l.return_id AND e.child = l.child
                AND e.dec IS NULL AND e.decom <= c.year_end AND e.ls NOT IN ('V3', 'V4'))
