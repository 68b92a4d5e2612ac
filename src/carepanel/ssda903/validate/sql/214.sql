-- code: 214
-- years: 2023-2027
-- tables: Episodes
-- fields: PL_POST,URN
-- message: >-
--   Placement location information not required.
-- note: >-
--   Short breaks (legal status V3, V4) take no placement postcode or URN.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PL_POST, URN' AS column_name, child
FROM episodes
WHERE ls IN ('V3', 'V4') AND (pl_post IS NOT NULL OR urn IS NOT NULL)
