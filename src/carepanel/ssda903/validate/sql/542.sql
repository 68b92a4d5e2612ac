-- code: 542
-- years: 2023-2027
-- tables: OC2s
-- fields: CONVICTED
-- message: >-
--   A child aged under 10 at 31 March should not have conviction information completed.
-- note: >-
--   Under 10 on 31 March (the OC2 table's DOB).
SELECT o.return_id, 'OC2' AS table_name, o.row_number, 'CONVICTED' AS column_name, o.child
FROM oc2 AS o JOIN collection AS c ON c.return_id = o.return_id
WHERE o.convicted IS NOT NULL AND birthday(o.dob, 10) > c.year_end
