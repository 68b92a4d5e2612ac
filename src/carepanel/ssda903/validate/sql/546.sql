-- code: 546
-- years: 2023-2027
-- tables: Episodes,OC2
-- fields: DOB,HEALTH_CHECK
-- message: >-
--   Children aged 5 or over at 31 March should not have health promotion information
--   completed.
-- note: >-
--   5 or over on 31 March (5th birthday on or before it), with HEALTH_CHECK given.
SELECT o.return_id, 'OC2' AS table_name, o.row_number, 'HEALTH_CHECK' AS column_name, o.child
FROM oc2 AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE o.health_check IS NOT NULL AND birthday(o.dob, 5) <= c.year_end
