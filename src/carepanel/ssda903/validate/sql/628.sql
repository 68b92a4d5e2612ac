-- code: 628
-- years: 2023-2027
-- tables: Episodes,Header,OC3
-- fields: MOTHER
-- message: >-
--   Motherhood details are not required for care leavers who have not been looked after
--   during the year.
-- note: >-
--   A Header child with no episode in the return but with care leaver (OC3) information,
--   whose MOTHER is completed.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'MOTHER' AS column_name, h.child
FROM header AS h
WHERE h.mother IS NOT NULL
  AND (h.return_id, h.child) NOT IN (SELECT return_id, child FROM episodes WHERE child IS NOT NULL)
  AND (h.return_id, h.child) IN (SELECT return_id, child FROM oc3
                  WHERE in_touch IS NOT NULL OR activ IS NOT NULL OR accom IS NOT NULL)
