-- code: 178
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE_PROVIDER
-- message: >-
--   Placement provider code is not a valid code.
-- note: >-
--   A provider code outside the list refuses the return at load. This rule reports a
--   provider given for a placement that takes none: temporary placements T0 to T3, and T4
--   and Z1 until 2024/25, Z11 to Z14 from 2025/26 (T4 with a provider is also rule 213).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PLACE_PROVIDER' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.place_provider IS NOT NULL
  AND (e.place IN ('T0', 'T1', 'T2', 'T3', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14')
       OR (e.place = 'T4' AND c.year <= 2025))
