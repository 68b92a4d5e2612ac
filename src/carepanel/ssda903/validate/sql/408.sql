-- code: 408
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,LS
-- message: >-
--   Child is placed for adoption with a placement order, but no placement order has been
--   recorded.
-- note: >-
--   Placed for adoption under a placement order (A5, A6) needs legal status E1 (placement
--   order).
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM episodes
WHERE place IN ('A5', 'A6') AND (ls IS NULL OR ls <> 'E1')
