-- code: 335
-- years: 2023-2027
-- tables: Episodes,AD1
-- fields: PLACE,FOSTER_CARE
-- message: >-
--   The current foster value (0) suggests that child is not adopted by current foster
--   carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests
--   that child is adopted by current foster carer, but last placement is A1, A4 or A6.
-- note: >-
--   For an episode that ended in adoption (REC E11, E12): a placement with the current
--   foster carer (A3, A5) needs FOSTER_CARE 1; any other placement for adoption (A4, A6)
--   needs 0. The DfE's message also names A1 and A2, codes no longer collected. The AD1
--   row and the episode are named.
WITH clash AS (
    SELECT a.return_id, a.row_number AS ad1_row, e.row_number AS episode_row, a.child
    FROM episodes AS e JOIN ad1 AS a ON a.return_id = e.return_id AND a.child = e.child
    WHERE e.rec IN ('E11', 'E12')
      AND ((e.place IN ('A3', 'A5') AND a.foster_care = '0')
        OR (e.place IN ('A4', 'A6') AND a.foster_care = '1'))
)
SELECT return_id, 'AD1' AS table_name, ad1_row AS row_number,
       'FOSTER_CARE' AS column_name, child FROM clash
UNION ALL
SELECT return_id, 'Episodes', episode_row, 'PLACE', child FROM clash
