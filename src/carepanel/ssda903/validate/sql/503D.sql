-- code: '503D'
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE
-- message: >-
--   The placement type in the first episode does not match open episode at end of last
--   year
-- note: >-
--   When last year's return ended with the child's latest episode open, this year's first
--   episode for the child, if it starts on the same day (the same episode), must have the
--   same placement type (PLACE; blank equals blank). Where the DfE replaced the code
--   between the years, the new code is the same placement: H5 last year and K3 this year
--   (2024/25, 2025/26), and Z1 and Z11 to Z14 (2025/26).
WITH open_last AS (
    -- each child's latest episode in last year's return, when it is still open
    SELECT * FROM episodes_last WHERE seq = episodes_of_child AND dec IS NULL
)
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PLACE' AS column_name, e.child
FROM episodes AS e
JOIN open_last AS l ON l.return_id = e.return_id AND l.child = e.child AND l.decom = e.decom
JOIN collection AS c ON c.return_id = e.return_id
WHERE e.seq = 1 AND e.place IS DISTINCT FROM l.place
  AND NOT (c.year IN (2025, 2026) AND l.place = 'H5' AND e.place = 'K3')
  AND NOT (c.year = 2026 AND l.place = 'Z1' AND e.place IN ('Z11', 'Z12', 'Z13', 'Z14'))
