-- code: 385
-- years: 2023-2027
-- tables: Episodes
-- fields: DEC
-- message: >-
--   Date episode ceased must be on or before the end of the current collection year.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DEC' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.dec > c.year_end
