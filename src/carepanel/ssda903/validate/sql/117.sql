-- code: 117
-- years: 2023-2027
-- tables: Episodes,PlacedAdoption
-- fields: DATE_PLACED_CEASED,DATE_PLACED,DEC,REC,DECOM
-- message: >-
--   Date of decision that a child should/should no longer be placed for adoption is beyond
--   the current collection year or after the child ceased to be looked after.
-- note: >-
--   DATE_PLACED or DATE_PLACED_CEASED after 31 March, or after the end of the child's care
--   (the end date of the child's latest episode in the return, when it ended with a reason
--   other than X1).
WITH care_ended AS (
    SELECT return_id, child, dec FROM episodes
    WHERE seq = episodes_of_child AND rec IS NOT NULL AND rec <> 'X1'
)
SELECT p.return_id, 'PlacedAdoption' AS table_name, p.row_number,
       'DATE_PLACED, DATE_PLACED_CEASED' AS column_name, p.child
FROM placed_adoption AS p
JOIN collection AS c ON c.return_id = p.return_id
LEFT JOIN care_ended AS e ON e.return_id = p.return_id AND e.child = p.child
WHERE p.date_placed > c.year_end OR p.date_placed_ceased > c.year_end
   OR p.date_placed > e.dec OR p.date_placed_ceased > e.dec
