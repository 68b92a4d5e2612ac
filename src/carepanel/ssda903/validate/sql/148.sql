-- code: 148
-- years: 2023-2027
-- tables: Episodes
-- fields: DEC,REC
-- message: >-
--   Date episode ceased and reason episode ceased must both be coded, or both left blank.
SELECT return_id, 'Episodes' AS table_name, row_number, 'DEC, REC' AS column_name, child
FROM episodes
WHERE (dec_text IS NULL) <> (rec IS NULL)
