-- code: 567
-- years: 2023-2027
-- tables: Missing
-- fields: MIS_START,MIS_END
-- message: >-
--   The date that the missing episode or episode that the child was away from placement
--   without authorisation ended is before the date that it started.
SELECT return_id, 'Missing' AS table_name, row_number, 'MIS_END' AS column_name, child
FROM missing
WHERE mis_end < mis_start
