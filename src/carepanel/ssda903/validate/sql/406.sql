-- code: '406'
-- years: 2023-2027
-- tables: Episodes
-- fields: PL_DISTANCE
-- message: >-
--   Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance
--   should be blank.
-- note: >-
--   An unaccompanied asylum-seeking child (in the UASC table this year or last) has no
--   home postcode in England, so no distance: both HOME_POST and PL_POST being postcodes
--   of the directory gives one.
SELECT return_id, 'Episodes' AS table_name, row_number, 'HOME_POST, PL_POST' AS column_name,
       child
FROM episodes
WHERE pl_distance IS NOT NULL
  AND (return_id, child) IN (SELECT return_id, child FROM uasc_child)
