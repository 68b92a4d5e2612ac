-- code: '1015'
-- years: 2023-2027
-- tables: Episodes
-- fields: PL_LA
-- message: >-
--   Placement provider is own provision but child not placed in own LA.
-- note: >-
--   A placement the council provides itself (PLACE_PROVIDER PR1) is in its own area (PL_LA
--   is the council), except foster and adoption placements (U1 to U6, A3 to A6), which may
--   be out of area, from 2025/26 supported accommodation (K3) too (the DfE added it to the
--   rule that year), and short breaks (V3, V4). An own provision placement whose postcode
--   is not known is named too. Not run for a council code carepanel does not know.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PL_POST' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.place_provider = 'PR1' AND e.ls IS NOT NULL AND e.ls NOT IN ('V3', 'V4')
  AND e.place IS NOT NULL
  AND e.place NOT IN ('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')
  AND NOT (e.place = 'K3' AND c.year >= 2026)
  AND c.la_ons IS NOT NULL AND e.pl_la IS DISTINCT FROM c.la_ons
