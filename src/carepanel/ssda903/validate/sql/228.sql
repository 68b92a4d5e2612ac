-- code: '228'
-- years: 2023-2027
-- tables: Episodes,Provider Info
-- fields: URN,DEC
-- message: >-
--   Ofsted Unique reference number (URN) is not valid for the episode end date
-- note: >-
--   A placement that ended after its provider's registration ended (Ofsted's closed or
--   deregistration date), or is still open at 31 March when the registration ended before
--   then. Not run without the lists (--provider-lists).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'DEC' AS column_name, e.child
FROM episodes AS e
JOIN collection AS c ON c.return_id = e.return_id
JOIN ref_provider AS p ON p.urn = e.urn
WHERE e.urn <> 'XXXXXXX' AND p.closed IS NOT NULL
  AND (e.dec > p.closed OR (e.dec IS NULL AND c.year_end > p.closed))
