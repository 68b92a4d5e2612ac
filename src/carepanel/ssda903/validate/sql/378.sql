-- code: 378
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,LS
-- message: >-
--   A child who is placed with parent(s) cannot be looked after under a single period of
--   accommodation under Section 20 of the Children Act 1989.
-- note: >-
--   Placed with parents is P1; a single period of accommodation under section 20 is V2.
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM episodes
WHERE place = 'P1' AND ls = 'V2'
