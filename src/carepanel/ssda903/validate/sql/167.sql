-- code: 167
-- years: 2023-2027
-- tables: Reviews
-- fields: REVIEW_CODE
-- message: >-
--   Data entry for participation is invalid or blank.
-- note: >-
--   Codes outside the list refuse the return at load; this rule reports a review with no
--   participation code.
SELECT return_id, 'Reviews' AS table_name, row_number, 'REVIEW_CODE' AS column_name, child
FROM reviews
WHERE review IS NOT NULL AND review_code IS NULL
