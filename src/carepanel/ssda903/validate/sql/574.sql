-- code: 574
-- years: 2023-2027
-- tables: Missing
-- fields: MIS_START,MIS_END
-- message: >-
--   A new missing/away from placement without authorisation period cannot start when the
--   previous missing/away from placement without authorisation period is still open.
--   Missing/away from placement without authorisation periods should also not overlap.
-- note: >-
--   A child's missing or away periods taken in start order: a period that starts while the
--   one before is open, or before it ended, is named.
WITH ordered AS (
    SELECT return_id, row_number, child, mis_start,
           lag(mis_end) OVER w AS prev_end,
           lag(row_number) OVER w AS prev_row
    FROM missing
    WHERE mis_start IS NOT NULL
    WINDOW w AS (PARTITION BY return_id, child ORDER BY mis_start, row_number)
)
SELECT return_id, 'Missing' AS table_name, row_number, 'MIS_START' AS column_name, child
FROM ordered
WHERE prev_row IS NOT NULL AND (prev_end IS NULL OR mis_start < prev_end)
