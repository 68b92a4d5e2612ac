-- code: 440
-- years: 2023-2027
-- tables: Reviews
-- fields: DOB,REVIEW,REVIEW_CODE
-- message: >-
--   Participation method indicates child was under 4 years old at the time of the review,
--   but date of birth and review date indicates the child was 4 years old or over.
-- note: >-
--   PN0 (child under 4) for a review held on or after the child's 4th birthday (the DOB is
--   the Reviews table's own).
SELECT return_id, 'Reviews' AS table_name, row_number, 'REVIEW_CODE' AS column_name, child
FROM reviews
WHERE review_code = 'PN0' AND review >= birthday(dob, 4)
