-- code: 391
-- years: 2023-2027
-- tables: OC3
-- fields: DOB,IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   Young person was not 17, 18, 19, 20 or 21 during the current collection year.
-- note: >-
--   Care leaver information is for young people aged 17 to 21 in the year: reported when
--   the young person is under 17 on 31 March or was over 21 (22nd birthday) before 1
--   April.
SELECT o.return_id, 'OC3' AS table_name, o.row_number,
       'IN_TOUCH, ACTIV, ACCOM' AS column_name, o.child
FROM oc3 AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
  AND (birthday(o.dob, 17) > c.year_end OR birthday(o.dob, 22) < c.year_start)
