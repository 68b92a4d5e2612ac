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
    SELECT DISTINCT child FROM oc3
    WHERE child IS NOT NULL
      AND child NOT IN (SELECT child FROM episodes WHERE child IS NOT NULL)
)
SELECT 'PlacedAdoption' AS table_name, row_number, 'CHILD' AS column_name, child
FROM placed_adoption WHERE child IN (SELECT child FROM leavers)
UNION ALL
SELECT 'Missing', row_number, 'CHILD', child FROM missing
WHERE child IN (SELECT child FROM leavers)
UNION ALL
SELECT 'Reviews', row_number, 'CHILD', child FROM reviews
WHERE child IN (SELECT child FROM leavers)
UNION ALL
SELECT 'AD1', row_number, 'CHILD', child FROM ad1
WHERE child IN (SELECT child FROM leavers)
UNION ALL
SELECT 'PrevPerm', row_number, 'CHILD', child FROM prev_perm
WHERE child IN (SELECT child FROM leavers)
UNION ALL
SELECT 'OC2', row_number, 'CHILD', child FROM oc2
WHERE child IN (SELECT child FROM leavers)
UNION ALL
SELECT 'SWEpisodes', row_number, 'CHILD', child FROM sw_episodes
WHERE child IN (SELECT child FROM leavers)
UNION ALL
SELECT 'DoLo', row_number, 'CHILD', child FROM dolo
WHERE child IN (SELECT child FROM leavers)
