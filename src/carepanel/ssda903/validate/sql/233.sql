-- code: 233
-- years: 2026-2027
-- tables: Episodes
-- fields: REASON_PLACE_CHANGE,REASON_PLACE_CHANGE
-- message: >-
--   Reason for placement change is not required when the episode has not ceased.
SELECT return_id, 'Episodes' AS table_name, row_number, 'REASON_PLACE_CHANGE' AS column_name, child
FROM episodes
WHERE dec IS NULL AND reason_place_change IS NOT NULL
