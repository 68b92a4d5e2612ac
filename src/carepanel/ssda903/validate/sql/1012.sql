-- code: 1012
-- years: 2023-2027
-- tables: Episodes
-- fields: CHILD
-- message: No other data should be returned for OC3 children who had no episodes in the current year
-- note: >-
--   A child in the OC3 table with no episode in this year's return has rows in
--   PlacedAdoption, Missing, Reviews, AD1, PrevPerm, OC2, SWEpisodes or DoLo; each row is
--   named. Header, OC3 and UASC (which 1014 compares with OC3) are expected for a care
--   leaver.
WITH leavers AS (
    SELECT DISTINCT return_id, child FROM oc3
    WHERE child IS NOT NULL
      AND (return_id, child) NOT IN
          (SELECT return_id, child FROM episodes WHERE child IS NOT NULL)
),
other_rows AS (
    SELECT return_id, 'PlacedAdoption' AS table_name, row_number, child FROM placed_adoption
    UNION ALL SELECT return_id, 'Missing', row_number, child FROM missing
    UNION ALL SELECT return_id, 'Reviews', row_number, child FROM reviews
    UNION ALL SELECT return_id, 'AD1', row_number, child FROM ad1
    UNION ALL SELECT return_id, 'PrevPerm', row_number, child FROM prev_perm
    UNION ALL SELECT return_id, 'OC2', row_number, child FROM oc2
    UNION ALL SELECT return_id, 'SWEpisodes', row_number, child FROM sw_episodes
    UNION ALL SELECT return_id, 'DoLo', row_number, child FROM dolo
)
SELECT r.return_id, r.table_name, r.row_number, 'CHILD' AS column_name, r.child
FROM other_rows AS r
WHERE (r.return_id, r.child) IN (SELECT return_id, child FROM leavers)
