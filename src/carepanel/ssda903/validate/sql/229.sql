-- code: '229'
-- years: 2023-2027
-- tables: Episodes,Provider Info
-- fields: URN,PLACE_PROVIDER
-- message: >-
--   Placement provider does not match between the placing authority and the local
--   authority code of the provider.
-- note: >-
--   A council's own provision (PLACE_PROVIDER PR1) with a URN (other than XXXXXXX) must be
--   a provider whose premises are in the council; another council's provision (PR2) must
--   not be. The provider's council is the one its postcode on Ofsted's lists is in (the
--   ONS postcode directory), which may differ from the council the list names; a provider
--   listed at several postcodes is in each of their councils. A PR1 URN not on the lists
--   is named too. From 2025/26 the DfE leaves out supported
--   accommodation (K3) and the placement types P1, P3, R1, R2, R5, T0 to T4 and Z11 to
--   Z14. Not run without the lists (--provider-lists), nor for a council code carepanel
--   does not know.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PLACE_PROVIDER' AS column_name,
       e.child
FROM episodes AS e
JOIN collection AS c ON c.return_id = e.return_id
WHERE e.urn IS NOT NULL AND e.urn <> 'XXXXXXX' AND c.la_ons IS NOT NULL
  AND NOT (c.year >= 2026 AND e.place IS NOT NULL AND e.place IN (
      'K3', 'P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4',
      'Z11', 'Z12', 'Z13', 'Z14'))
  AND ((e.place_provider = 'PR1' AND (e.urn, c.la_ons) NOT IN (
           SELECT urn, la FROM ref_provider WHERE la IS NOT NULL))
       OR (e.place_provider = 'PR2' AND (e.urn, c.la_ons) IN (
           SELECT urn, la FROM ref_provider WHERE la IS NOT NULL)))
