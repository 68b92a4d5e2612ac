-- code: 364
-- years: 2023-2027
-- tables: Episodes
-- fields: LS,DECOM,DEC
-- message: >-
--   Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a
--   child can be detained in custody in Local Authority (LA) accommodation.
-- note: >-
--   A run of episodes under legal status J2 (consecutive episodes, each starting the day
--   the last ended) lasting longer than 21 days, as the DfE's rule text sets for PACE. An
--   open episode runs to 31 March. Every episode of the run is named.
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM legal_status_run
WHERE ls = 'J2' AND run_end - run_start > 21
