-- code: 222
-- years: 2023-2027
-- tables: Episodes
-- fields: URN
-- message: >-
--   Ofsted Unique reference number (URN) should not be recorded for this placement type.
-- note: >-
--   URN XXXXXXX (a placement through a regional adoption agency) is always allowed. The
--   placement types without a URN change by year: H5 and P2 until 2022/23, P2 until
--   2023/24, Z1 until 2024/25, Z11 to Z14 from 2025/26; always P1, P3, R1, R2, R5 and T0
--   to T4.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'URN' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.urn IS NOT NULL AND e.urn <> 'XXXXXXX'
  AND (e.place IN ('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4',
                   'Z1', 'Z11', 'Z12', 'Z13', 'Z14')
       OR (e.place = 'P2' AND c.year <= 2024)
       OR (e.place = 'H5' AND c.year <= 2023))
