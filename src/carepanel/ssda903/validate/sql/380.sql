-- code: 380
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,RNE
-- message: >-
--   A period of care cannot start with a temporary placement.
-- note: >-
--   A temporary placement (T0 to T4) must be entered by a change of placement (RNE P or
--   B), never by starting a period of care or by a legal status change alone.
SELECT return_id, 'Episodes' AS table_name, row_number, 'RNE' AS column_name, child
FROM episodes
WHERE place IN ('T0', 'T1', 'T2', 'T3', 'T4') AND (rne IS NULL OR rne NOT IN ('P', 'B'))
