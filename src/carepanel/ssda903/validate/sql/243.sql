-- code: '243'
-- years: 2026-2027
-- tables: Episodes
-- fields: URN
-- message: >-
--   Only placements with providers registered with Ofsted should have a URN reported.
-- note: >-
--   A placement in Wales, Scotland or Northern Ireland (PL_LA WAL, SCO, NIR, from PL_POST)
--   has no Ofsted-registered provider, so no URN.
SELECT return_id, 'Episodes' AS table_name, row_number, 'URN' AS column_name, child
FROM episodes
WHERE urn IS NOT NULL AND pl_la IN ('WAL', 'SCO', 'NIR')
