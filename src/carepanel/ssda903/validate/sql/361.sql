-- code: 361
-- years: 2023-2027
-- tables: Episodes
-- fields: DECOM,LS,DEC
-- message: >-
--   Police protection legal status lasted longer than maximum 72 hours allowed in the
--   Children Act 1989.
-- note: >-
--   A run of episodes under legal status L1 (consecutive episodes, each starting the day
--   the last ended) lasting longer than 72 hours (more than 3 days between the first start
--   and the last end). An open episode runs to 31 March. Every episode of the run is
--   named.
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM legal_status_run
WHERE ls = 'L1' AND run_end - run_start > 3
