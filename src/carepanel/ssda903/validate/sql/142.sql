-- code: 142
-- years: 2023-2027
-- tables: Episodes
-- fields: DEC,REC
-- message: >-
--   A new episode has started, but the previous episode has not ended.
-- note: >-
--   Every episode except the child's latest must have an end date and a reason it ended.
SELECT return_id, 'Episodes' AS table_name, row_number, 'DEC, REC' AS column_name, child
FROM episodes
WHERE seq < episodes_of_child AND decom IS NOT NULL AND (dec IS NULL OR rec IS NULL)
