-- code: '221'
-- years: 2023-2027
-- tables: Episodes,Provider Info
-- fields: PL_POST
-- message: >-
--   The Ofsted Unique reference number (URN) provided for the child's placement does not
--   match the placement postcode provided.
-- note: >-
--   For a placement in a children's home or supported accommodation (K1, K2, R3, S1; H5 in
--   2023/24 only; K3 from 2024/25) that is not a short break (LS V3, V4), with a URN
--   (other than XXXXXXX) and a PL_POST, PL_POST must be the provider's postcode on
--   Ofsted's lists (compared in capitals, without spaces; a provider listed at several
--   postcodes: any of them). A URN not on the lists is named too. Not run without the
--   lists (--provider-lists).
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'PL_POST' AS column_name, e.child
FROM episodes AS e
JOIN collection AS c ON c.return_id = e.return_id
WHERE e.urn IS NOT NULL AND e.urn <> 'XXXXXXX' AND e.pl_post IS NOT NULL
  AND (e.ls IS NULL OR e.ls NOT IN ('V3', 'V4'))
  AND (e.place IN ('K1', 'K2', 'R3', 'S1') OR (e.place = 'H5' AND c.year = 2024)
       OR (e.place = 'K3' AND c.year >= 2025))
  AND (e.urn, upper(replace(e.pl_post, ' ', ''))) NOT IN (
      SELECT urn, postcode FROM ref_provider WHERE postcode IS NOT NULL)
