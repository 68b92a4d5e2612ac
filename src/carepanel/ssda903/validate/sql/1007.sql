-- code: 1007
-- years: 2023-2027
-- tables: Episodes,OC3
-- fields: IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   Care leaver information is not required for 17- or 18-year olds who are still looked
--   after [on their 17th or 18th birthday.]
-- note: >-
--   A young person aged 17 or 18 on 31 March who was looked after on their latest birthday
--   (an episode open that day, or ending after it) should have no care leaver information.
WITH birthday AS (
    SELECT o.return_id, o.row_number, o.child, o.in_touch, o.activ, o.accom,
           CASE WHEN birthday(o.dob, year(c.year_end) - year(o.dob)) > c.year_end
                THEN birthday(o.dob, year(c.year_end) - year(o.dob) - 1)
                ELSE birthday(o.dob, year(c.year_end) - year(o.dob)) END AS last_birthday,
           o.dob, c.year_end
    FROM oc3 AS o JOIN collection AS c ON c.return_id = o.return_id
)
SELECT DISTINCT b.return_id, 'OC3' AS table_name, b.row_number,
       'IN_TOUCH, ACTIV, ACCOM' AS column_name, b.child
FROM birthday AS b
JOIN episodes AS e ON e.return_id = b.return_id AND e.child = b.child
WHERE (b.in_touch IS NOT NULL OR b.activ IS NOT NULL OR b.accom IS NOT NULL)
  AND birthday(b.dob, 17) <= b.year_end AND birthday(b.dob, 19) > b.year_end
  AND e.decom <= b.last_birthday AND (e.dec IS NULL OR e.dec > b.last_birthday)
