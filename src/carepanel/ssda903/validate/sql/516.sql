-- code: 516
-- years: 2023-2027
-- tables: Episodes
-- fields: REC,PLACE
-- message: >-
--   The episode data submitted for this child does not show that he/she was with their
--   former foster carer(s) during the year.If the code in the reason episode ceased is E45
--   or E46 the child must have a placement code of U1 to U6.
-- note: >-
--   Special guardianship to former foster carers (REC E45, E46) must end a foster
--   placement (U1 to U6).
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE' AS column_name, child
FROM episodes
WHERE rec IN ('E45', 'E46') AND (place IS NULL OR place NOT IN ('U1', 'U2', 'U3', 'U4', 'U5', 'U6'))
