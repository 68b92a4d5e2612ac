-- code: 375
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: DECOM,PLACE
-- message: >-
--   Hospitalisation coded as a temporary placement exceeds six weeks.
-- note: >-
--   Hospitalisation Is T1; Six Weeks Is 42 Days. Only ended episodes are measured, as the
--   DfE's rule text compares DEC with DECOM.
SELECT return_id, 'Episodes' AS table_name, row_number, 'DEC' AS column_name, child
FROM episodes
WHERE place = 'T1' AND dec > decom + INTERVAL 42 DAY
