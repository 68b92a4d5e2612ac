-- code: 'INT02'
-- years: 2023-2027
-- tables: Header,PlacedAdoption
-- fields: CHILD
-- message: >-
--   Internal Check: Child in PlacedAdoption does not exist in Header.
SELECT 'PlacedAdoption' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM placed_adoption AS t
WHERE t.child NOT IN (SELECT child FROM header WHERE child IS NOT NULL)
