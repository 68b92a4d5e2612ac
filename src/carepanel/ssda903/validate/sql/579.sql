-- code: 579
-- years: 2023-2027
-- tables: PlacedAdoption
-- fields: DATE_PLACED,DATE_PLACED_CEASED
-- message: >-
--   A new decision that the child should be placed for adoption this year cannot start
--   when the previous decision is still open. Decisions to place the child for adoption
--   should also not overlap. The date of any new decision to place the child for adoption
--   must not be before the date placed ceased of previous decisions.
-- note: >-
--   A child's decisions in DATE_PLACED order: a decision made while the one before is
--   still open (no DATE_PLACED_CEASED) or before it ceased.
WITH ordered AS (
    SELECT return_id, row_number, child, date_placed,
           lag(date_placed_ceased) OVER w AS prev_ceased,
           lag(row_number) OVER w AS prev_row
    FROM placed_adoption
    WHERE date_placed IS NOT NULL
    WINDOW w AS (PARTITION BY return_id, child ORDER BY date_placed, row_number)
)
SELECT return_id, 'PlacedAdoption' AS table_name, row_number, 'DATE_PLACED' AS column_name, child
FROM ordered
WHERE prev_row IS NOT NULL AND (prev_ceased IS NULL OR date_placed < prev_ceased)
