-- code: 376
-- years: 2023-2027
-- tables: Episodes,Header
-- fields: DECOM,PLACE
-- message: >-
--   Temporary placements coded as being due to holiday of usual foster carer(s) cannot
--   exceed three weeks.
-- note: >-
--   Holiday Of The Usual Foster Carer Is T3; Three Weeks Is 21 Days. Only ended episodes
--   are measured, as the DfE's rule text compares DEC with DECOM.
SELECT return_id, 'Episodes' AS table_name, row_number, 'DEC' AS column_name, child
FROM episodes
WHERE place = 'T3' AND dec > decom + INTERVAL 21 DAY
