-- code: '392a'
-- years: 2023-2027
-- tables: Episodes
-- fields: PL_DISTANCE
-- message: >-
--   Child is looked after but no distance is recorded.
-- note: >-
--   An episode other than a short break (V3, V4), of a child who is not an unaccompanied
--   asylum-seeking child (not in the UASC table this year or last), needs a distance: both
--   HOME_POST and PL_POST must be postcodes of the ONS postcode directory. The DfE's rule
--   also looks at the UASC status two years back, which a return does not hold.
SELECT return_id, 'Episodes' AS table_name, row_number, 'HOME_POST, PL_POST' AS column_name,
       child
FROM episodes
WHERE (ls IS NULL OR ls NOT IN ('V3', 'V4')) AND pl_distance IS NULL
  AND (return_id, child) NOT IN (SELECT return_id, child FROM uasc_child)
