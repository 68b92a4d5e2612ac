-- code: '1008'
-- years: 2023-2027
-- tables: Episodes,Provider Info
-- fields: URN
-- message: >-
--   Ofsted Unique Reference Number (URN) is not valid.
-- note: >-
--   A URN given (other than XXXXXXX, the DfE's placeholder) must be on Ofsted's children's
--   homes list or social care providers list, as the council gives them
--   (--provider-lists). Not run without the lists.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'URN' AS column_name, e.child
FROM episodes AS e
WHERE e.urn IS NOT NULL AND e.urn <> 'XXXXXXX'
  AND e.urn NOT IN (SELECT urn FROM ref_provider)
