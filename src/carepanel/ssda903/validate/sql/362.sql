-- code: 362
-- years: 2023-2027
-- tables: Episodes
-- fields: DECOM,LS,DEC
-- message: >-
--   Emergency protection order (EPO) lasted longer than 21 days
-- note: >-
--   A run of episodes under legal status L2 (consecutive episodes, each starting the day
--   the last ended) lasting longer than 21 days. An open episode runs to 31 March. Every
--   episode of the run is named.
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM legal_status_run
WHERE ls = 'L2' AND run_end - run_start > 21
