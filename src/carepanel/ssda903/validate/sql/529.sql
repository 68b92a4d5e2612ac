-- code: 529
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,PLACE_PROVIDER
-- message: >-
--   Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1,
--   K2 and U1 to U6 as these placements cannot be provided by other public organisations.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PLACE_PROVIDER' AS column_name, child
FROM episodes
WHERE place_provider = 'PR3' AND place IN ('A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'P1', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')
