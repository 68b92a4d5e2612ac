-- code: 1016
-- years: 2024-2027
-- tables: Episodes,OC3
-- fields: IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   Care leaver information is not required for 17- or 18-year olds who cease to be looked
--   after, after their birthday.
-- note: >-
--   A young person aged 17 on 31 March whose episode ended on or after their 17th
--   birthday, or aged 18 whose episode ended on or after their 18th, should have no care
--   leaver information. The DfE's rule logic reads "on or after" the birthday: care ending
--   on the birthday itself counts, though the message says "after" (the DfE's definitions
--   win over the message's summary).
SELECT DISTINCT o.return_id, 'OC3' AS table_name, o.row_number,
       'IN_TOUCH, ACTIV, ACCOM' AS column_name, o.child
FROM oc3 AS o
JOIN episodes AS e ON e.return_id = o.return_id AND e.child = o.child
JOIN collection AS c ON c.return_id = o.return_id
WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
  AND ((birthday(o.dob, 17) <= c.year_end AND birthday(o.dob, 18) > c.year_end
        AND e.dec >= birthday(o.dob, 17))
    OR (birthday(o.dob, 18) <= c.year_end AND birthday(o.dob, 19) > c.year_end
        AND e.dec >= birthday(o.dob, 18)))
