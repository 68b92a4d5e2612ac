-- code: 336
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE
-- message: >-
--   Child does not have a foster placement immediately prior to being placed for adoption.
-- note: >-
--   A placement for adoption with the child's current foster carer (A3 or A5) must follow
--   a foster placement (U1 to U6) or another placement for adoption (A3 to A6). The
--   child's first episode in the return is not checked.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE' AS column_name, child
FROM episodes
WHERE place IN ('A3', 'A5') AND seq > 1
  AND (prev_place IS NULL OR prev_place NOT IN ('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6'))
