-- code: 441
-- years: 2023-2027
-- tables: Reviews
-- fields: DOB,REVIEW,REVIEW_CODE
-- message: >-
--   Participation method indicates child was 4 years old or over at the time of the
--   review, but the date of birth and review date indicates the child was under 4 years
--   old.
-- note: >-
--   A participation code PN1 to PN7 (the methods of a child of 4 or over) for a review held
--   before the child's 4th birthday (the DOB is the Reviews table's own). A code not on the
--   DfE's list (PN8, say) indicates no age: the field check reports it.
SELECT return_id, 'Reviews' AS table_name, row_number, 'REVIEW_CODE' AS column_name, child
FROM reviews
WHERE review_code IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7')
  AND review < birthday(dob, 4)
