-- code: 365
-- years: 2023-2027
-- tables: Episodes
-- fields: LS,DECOM,DEC
-- message: >-
--   Any individual short- term respite placement must not exceed 17 days.
-- note: >-
--   Respite is legal status V3; an episode still open (no DEC) runs to 31 March. An
--   episode whose DEC was given but is not a real date ended on a day nobody can tell:
--   it is not named (the field check reports the DEC).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DEC' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.ls = 'V3' AND (e.dec IS NOT NULL OR e.dec_text IS NULL)
  AND coalesce(e.dec, c.year_end) > e.decom + INTERVAL 17 DAY
