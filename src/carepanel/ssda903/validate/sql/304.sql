-- code: 304
-- years: 2023-2027
-- tables: UASC
-- fields: DUC
-- message: >-
--   Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the
--   18th birthday of a child.
-- note: >-
--   Reported when DUC is after the 18th birthday (the DOB is the UASC table's own); status
--   ceasing on the birthday itself is right.
SELECT return_id, 'UASC' AS table_name, row_number, 'DUC' AS column_name, child
FROM uasc
WHERE duc > birthday(dob, 18)
