-- code: 'INT02'
-- years: 2023-2027
-- tables: Header,PlacedAdoption
-- fields: CHILD
-- message: >-
--   Internal Check: Child in PlacedAdoption does not exist in Header.
SELECT t.return_id, 'PlacedAdoption' AS table_name, t.row_number, 'CHILD' AS column_name, t.child
FROM placed_adoption AS t
WHERE (t.return_id, t.child) NOT IN (SELECT return_id, child FROM header WHERE child IS NOT NULL)
