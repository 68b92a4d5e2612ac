-- code: '241'
-- years: 2026-2027
-- tables: Episodes
-- fields: URN
-- message: >-
--   LA of placement is not an LA the provider has premises.
-- note: >-
--   Supported accommodation (K3) with a URN (other than XXXXXXX): the council the
--   placement is in (PL_LA, from PL_POST) must be one where the provider has premises on
--   Ofsted's lists (a provider may be listed at several postcodes; each postcode's council
--   from the ONS postcode directory). A URN not on the lists is rule 1008; a placement
--   whose postcode is not known, rule 392c. Not run without the lists (--provider-lists).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'URN' AS column_name, e.child
FROM episodes AS e
WHERE e.place = 'K3' AND e.urn IS NOT NULL AND e.urn <> 'XXXXXXX' AND e.pl_la IS NOT NULL
  AND e.urn IN (SELECT urn FROM ref_provider)
  AND (e.urn, e.pl_la) NOT IN (SELECT urn, la FROM ref_provider WHERE la IS NOT NULL)
