-- code: 390
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,REC
-- message: >-
--   Reason episode ceased is adopted but child has not been previously placed for
--   adoption.
-- note: >-
--   An episode ending in adoption (REC E11, E12) must be a placement for adoption (A3 to
--   A6).
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE' AS column_name, child
FROM episodes
WHERE rec IN ('E11', 'E12') AND (place IS NULL OR place NOT IN ('A3', 'A4', 'A5', 'A6'))
