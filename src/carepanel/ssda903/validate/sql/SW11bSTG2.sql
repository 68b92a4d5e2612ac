-- code: SW11bSTG2
-- years: 2024-2027
-- tables: SWEpisodes
-- fields: SW_DEC
-- message: >-
--   Social worker episode has ended before 31 March and no subsequent social worker
--   episode has been provided.
-- note: >-
--   For a child looked after on 31 March (an open episode that is not a short break): the
--   child's latest social worker episode ended before 31 March. In 2023/24, when SW11aSTG2
--   took the endings more than 5 days before 31 March, only the last 5 days.
SELECT l.return_id, 'SWEpisodes' AS table_name, l.row_number, 'SW_DEC' AS column_name, l.child
FROM sw_ordered AS l JOIN collection AS c ON c.return_id = l.return_id
WHERE l.newest_first = 1 AND l.sw_dec < c.year_end
  AND (c.year > 2024 OR l.sw_dec >= c.year_end - INTERVAL 5 DAY)
  AND EXISTS (SELECT 1 FROM episodes AS e
              WHERE e.return_id = l.return_id AND e.child = l.child
                AND e.dec IS NULL AND e.decom <= c.year_end AND e.ls NOT IN ('V3', 'V4'))
