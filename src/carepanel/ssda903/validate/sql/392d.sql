-- code: '392d'
-- years: 2023-2027
-- tables: Episodes
-- fields: HOME_POST,PL_POST,PLACE
-- message: >-
--   Home and placement postcodes should not be same unless the placement type is P1.
-- note: >-
--   The same home and placement postcode (compared as written, ignoring spaces and case)
--   for a placement other than with parents (P1).
SELECT return_id, 'Episodes' AS table_name, row_number, 'HOME_POST, PL_POST' AS column_name, child
FROM episodes
WHERE (place IS NULL OR place <> 'P1')
  AND upper(replace(home_post, ' ', '')) = upper(replace(pl_post, ' ', ''))
