-- code: 366
-- years: 2023-2027
-- tables: Episodes
-- fields: RNE
-- message: >-
--   A child cannot change placement during the course of an individual short-term respite
--   break.
-- note: >-
--   Each short-term break (V3) is its own episode, started with RNE S.
SELECT return_id, 'Episodes' AS table_name, row_number, 'RNE' AS column_name, child
FROM episodes
WHERE ls = 'V3' AND (rne IS NULL OR rne <> 'S')
