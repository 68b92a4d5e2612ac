-- code: SW19STG2
-- years: 2026-2027
-- tables: SWEpisodes
-- fields: SW_DEC,SW_DECOM
-- message: There are 2 social worker episodes for the child starting on the same date.
-- note: Every episode of a child that shares its SW_DECOM with another is named.
SELECT return_id, 'SWEpisodes' AS table_name, row_number, 'SW_DECOM' AS column_name, child
FROM sw_ordered
WHERE shares_start
