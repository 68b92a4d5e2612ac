-- code: 543
-- years: 2023-2027
-- tables: Episodes,OC2
-- fields: DOB,CONVICTED
-- message: >-
--   Child is aged 10 or over at 31 March and has been looked after continuously for 12
--   months yet conviction information has not been completed.
-- note: >-
--   The OC2 cohort (looked after continuously for 12 months at 31 March) is the shared
--   view continuously_looked_after. 10 or over on 31 March (10th birthday on or before
--   it).
SELECT o.return_id, 'OC2' AS table_name, o.row_number, 'CONVICTED' AS column_name, o.child
FROM oc2 AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE (o.return_id, o.child) IN (SELECT return_id, child FROM continuously_looked_after)
  AND o.convicted IS NULL AND birthday(o.dob, 10) <= c.year_end
