-- code: 363
-- years: 2023-2027
-- tables: Episodes
-- fields: LS,DECOM,DEC
-- message: >-
--   Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act
--   1989.
-- note: >-
--   A run of episodes under legal status L3 (consecutive episodes, each starting the day
--   the last ended) lasting longer than 7 days. An open episode runs to 31 March. Every
--   episode of the run is named.
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM legal_status_run
WHERE ls = 'L3' AND run_end - run_start > 7
