-- code: '392c'
-- years: 2023-2027
-- tables: Episodes
-- fields: HOME_POST,PL_POST
-- message: >-
--   Postcode(s) provided are invalid.
-- note: >-
--   HOME_POST and PL_POST, when given, must be postcodes in the ONS postcode directory
--   (matched in capitals, spaces ignored).
SELECT return_id, 'Episodes' AS table_name, row_number,
       CASE WHEN home_post IS NOT NULL AND NOT home_post_found
                 AND pl_post IS NOT NULL AND NOT pl_post_found THEN 'HOME_POST, PL_POST'
            WHEN home_post IS NOT NULL AND NOT home_post_found THEN 'HOME_POST'
            ELSE 'PL_POST' END AS column_name, child
FROM episodes
WHERE (home_post IS NOT NULL AND NOT home_post_found)
   OR (pl_post IS NOT NULL AND NOT pl_post_found)
