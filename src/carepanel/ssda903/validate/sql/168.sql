-- code: 168
-- years: 2023-2027
-- tables: Header
-- fields: UPN
-- message: >-
--   Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2,
--   UN3, UN4 or UN5.
-- note: >-
--   A UPN is a letter other than I, O or S, then 12 digits or 11 digits and a letter; or
--   one of the unknown codes UN1 to UN5. Blank is rule 442.
SELECT return_id, 'Header' AS table_name, row_number, 'UPN' AS column_name, child
FROM header
WHERE upn IS NOT NULL
  AND NOT regexp_full_match(upn, '[A-HJ-NP-RT-Z]([0-9]{12}|[0-9]{11}[A-Z])|UN[1-5]')
