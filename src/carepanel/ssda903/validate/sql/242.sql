-- code: '242'
-- years: 2026-2027
-- tables: Episodes
-- fields: URN
-- message: >-
--   URN = 'XXXXXXX' can only be used for regional adoption agencies
-- note: >-
--   URN XXXXXXX only with an adoption or fostering placement a regional adoption agency
--   arranges: PLACE A3 to A6 or U1 to U6.
SELECT return_id, 'Episodes' AS table_name, row_number, 'URN' AS column_name, child
FROM episodes
WHERE urn = 'XXXXXXX'
  AND (place IS NULL OR place NOT IN ('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5',
                                      'U6'))
