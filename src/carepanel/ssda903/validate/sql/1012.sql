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
      AND (return_id, child) NOT IN (SELECT return_id, child FROM episodes WHERE child IS NOT NULL)
)
SELECT return_id, 'PlacedAdoption' AS table_name, row_number, 'CHILD' AS column_name, child
FROM placed_adoption WHERE (return_id, child) IN (SELECT return_id, child FROM leavers)
UNION ALL
SELECT return_id, 'Missing', row_number, 'CHILD', child FROM missing
WHERE (return_id, child) IN (SELECT return_id, child FROM leavers)
UNION ALL
SELECT return_id, 'Reviews', row_number, 'CHILD', child FROM reviews
WHERE (return_id, child) IN (SELECT return_id, child FROM leavers)
UNION ALL
SELECT return_id, 'AD1', row_number, 'CHILD', child FROM ad1
WHERE (return_id, child) IN (SELECT return_id, child FROM leavers)
UNION ALL
SELECT return_id, 'PrevPerm', row_number, 'CHILD', child FROM prev_perm
WHERE (return_id, child) IN (SELECT return_id, child FROM leavers)
UNION ALL
SELECT return_id, 'OC2', row_number, 'CHILD', child FROM oc2
WHERE (return_id, child) IN (SELECT return_id, child FROM leavers)
UNION ALL
SELECT return_id, 'SWEpisodes', row_number, 'CHILD', child FROM sw_episodes
WHERE (return_id, child) IN (SELECT return_id, child FROM leavers)
UNION ALL
SELECT return_id, 'DoLo', row_number, 'CHILD', child FROM dolo
WHERE (return_id, child) IN (SELECT return_id, child FROM leavers)
