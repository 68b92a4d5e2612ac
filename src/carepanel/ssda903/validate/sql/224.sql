-- code: '224'
-- years: 2023-2027
-- tables: Episodes,Provider Info
-- fields: PLACE_PROVIDER
-- message: >-
--   The Ofsted Unique reference number (URN) provided for the child's placement does not
--   match the placement provider recorded.
-- note: >-
--   When a URN is given (other than XXXXXXX), PLACE_PROVIDER must be one of the provider
--   kinds Ofsted's lists give for that URN (a URN listed more than once: any of its rows).
--   A URN not on the lists is named too. Not run without the lists (--provider-lists).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PLACE_PROVIDER' AS column_name,
       e.child
FROM episodes AS e
WHERE e.urn IS NOT NULL AND e.urn <> 'XXXXXXX'
  AND (e.place_provider IS NULL OR (e.urn, e.place_provider) NOT IN (
      SELECT urn, unnest(provider_codes) FROM ref_provider))
