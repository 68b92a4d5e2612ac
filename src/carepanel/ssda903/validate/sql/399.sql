-- code: 399
-- years: 2023-2027
-- tables: Episodes,Header,Reviews
-- fields: MOTHER,LS,REVIEW,REVIEW_CODE
-- message: >-
--   Mother field, review field or participation field are completed but child is looked
--   after under legal status V3 or V4.
-- note: >-
--   Applies to a child whose every episode is a short break (V3, V4): then the Header's
--   MOTHER and the child's reviews must be blank. A child with any other episode is looked
--   after in the usual way and is not reported. The short-break episodes, the Header row
--   and the review rows are named.
WITH short_breaks_only AS (
    SELECT return_id, child FROM episodes GROUP BY return_id, child
    HAVING bool_and(coalesce(ls IN ('V3', 'V4'), false))
),
flagged AS (
    SELECT return_id, child FROM short_breaks_only
    WHERE (return_id, child) IN (SELECT return_id, child FROM header WHERE mother IS NOT NULL)
       OR (return_id, child) IN (SELECT return_id, child FROM reviews
                    WHERE review IS NOT NULL OR review_code IS NOT NULL)
)
SELECT return_id, 'Episodes' AS table_name, row_number, 'LS' AS column_name, child
FROM episodes WHERE (return_id, child) IN (SELECT return_id, child FROM flagged)
UNION ALL
SELECT return_id, 'Header', row_number, 'MOTHER', child
FROM header WHERE mother IS NOT NULL AND (return_id, child) IN
    (SELECT return_id, child FROM flagged)
UNION ALL
SELECT return_id, 'Reviews', row_number, 'REVIEW, REVIEW_CODE', child
FROM reviews WHERE (return_id, child) IN (SELECT return_id, child FROM flagged)
