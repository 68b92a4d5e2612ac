-- code: 354
-- years: 2023-2027
-- tables: Episodes
-- fields: DECOM
-- message: >-
--   Date episode ceased must be on or before the end of the current collection year.
-- note: >-
--   The DfE names DECOM for this rule though its message speaks of the date ceased: an
--   episode may not start after 31 March (a late end date is rule 385).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DECOM' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.decom > c.year_end
