-- code: 437
-- years: 2023-2027
-- tables: Episodes
-- fields: REC
-- message: >-
--   Reason episode ceased is child has died or is aged 18 or over but there are further
--   episodes.
-- note: >-
--   Died is REC E2; aged 18 or over is E15 (age assessed as 18 or over). Reported when the
--   child has a later episode in the return.
SELECT return_id, 'Episodes' AS table_name, row_number, 'REC' AS column_name, child
FROM episodes
WHERE rec IN ('E2', 'E15') AND seq < episodes_of_child
