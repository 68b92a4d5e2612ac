-- code: '227'
-- years: 2023-2027
-- tables: Episodes,Provider Info
-- fields: URN,DECOM
-- message: >-
--   Ofsted Unique reference number (URN) is not valid for the episode start date.
-- note: >-
--   A placement with a provider whose registration had ended (Ofsted's closed or
--   deregistration date) on or before the day it started. Not run without the lists
--   (--provider-lists).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DECOM' AS column_name, e.child
FROM episodes AS e
JOIN ref_provider AS p ON p.urn = e.urn
WHERE e.urn <> 'XXXXXXX' AND p.closed IS NOT NULL AND e.decom >= p.closed
