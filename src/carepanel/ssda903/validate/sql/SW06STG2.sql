-- code: SW06STG2
-- years: 2024-2027
-- tables: SWEpisodes
-- fields: SW_DECOM
-- message: Social worker episode data should be within the social worker data reporting year.
-- note: >-
--   An episode that starts after 31 March of the collection year. An episode may start
--   before the reporting period: one open at its start is reported with its real start.
SELECT s.return_id, 'SWEpisodes' AS table_name, s.row_number, 'SW_DECOM' AS column_name, s.child
FROM sw_episodes AS s JOIN collection AS c ON c.return_id = s.return_id
WHERE s.sw_decom > c.year_end
