-- code: '219'
-- years: 2023-2027
-- tables: Episodes,Provider Info
-- fields: URN,PLACE
-- message: >-
--   The Ofsted Unique reference number (URN) provided for the child's placement does not
--   match the placement type recorded.
-- note: >-
--   When a URN is given (other than XXXXXXX), PLACE must be one of the placement types
--   Ofsted's lists give for that URN (a URN listed more than once: any of its rows). A URN
--   not on the lists is named too (and is rule 1008). Not run without the lists
--   (--provider-lists).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PLACE' AS column_name, e.child
FROM episodes AS e
WHERE e.urn IS NOT NULL AND e.urn <> 'XXXXXXX'
  AND (e.place IS NULL OR (e.urn, e.place) NOT IN (
      SELECT urn, unnest(place_codes) FROM ref_provider))
