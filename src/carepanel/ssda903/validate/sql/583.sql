-- code: 583
-- years: 2023-2027
-- tables: PlacedAdoption
-- fields: DATE_PLACED,DATE_PLACED_CEASED
-- message: >-
--   More than one date the child should be placed for adoption has been reported, but an
--   earlier decision has not been revoked. Check that both dates are required and add in
--   the date the earlier decision was revoked. Note this may be in a previous year.
-- note: >-
--   Every decision of a child other than the latest (by DATE_PLACED) needs a
--   DATE_PLACED_CEASED.
WITH ordered AS (
    SELECT return_id, row_number, child, date_placed_ceased,
           row_number() OVER (PARTITION BY return_id, child
                              ORDER BY date_placed DESC, row_number DESC)
             AS newest_first
    FROM placed_adoption
    WHERE date_placed IS NOT NULL
)
SELECT return_id, 'PlacedAdoption' AS table_name, row_number,
       'DATE_PLACED_CEASED' AS column_name, child
FROM ordered
WHERE newest_first > 1 AND date_placed_ceased IS NULL
