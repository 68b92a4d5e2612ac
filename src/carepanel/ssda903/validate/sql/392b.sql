-- code: '392b'
-- years: 2023-2027
-- tables: Episodes
-- fields: HOME_POST,PL_POST
-- message: >-
--   Child is looked after but no postcodes are recorded.
-- note: >-
--   Every episode other than a short break (V3, V4) needs both the home and the placement
--   postcode, except for unaccompanied asylum-seeking children (in this year's UASC
--   table), whose home postcode is not known.
SELECT return_id, 'Episodes' AS table_name, row_number, 'HOME_POST, PL_POST' AS column_name, child
FROM episodes
WHERE (ls IS NULL OR ls NOT IN ('V3', 'V4'))
  AND (home_post IS NULL OR pl_post IS NULL)
  AND (return_id, child) NOT IN (SELECT return_id, child FROM uasc WHERE child IS NOT NULL)
