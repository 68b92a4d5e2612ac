-- code: 545
-- years: 2023-2027
-- tables: OC2
-- fields: DOB,HEALTH_CHECK
-- message: >-
--   Child is aged under 5 at 31 March and has been looked after continuously for 12 months
--   yet health promotion information has not been completed.
-- note: >-
--   The OC2 cohort (looked after continuously for 12 months at 31 March) is the shared
--   view continuously_looked_after. Under 5 on 31 March.
SELECT o.return_id, 'OC2' AS table_name, o.row_number, 'HEALTH_CHECK' AS column_name, o.child
FROM oc2 AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE (o.return_id, o.child) IN (SELECT return_id, child FROM continuously_looked_after)
  AND o.health_check IS NULL AND birthday(o.dob, 5) > c.year_end
