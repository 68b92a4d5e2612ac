-- code: '218'
-- years: 2023-2027
-- tables: Episodes
-- fields: URN
-- message: >-
--   Ofsted Unique reference number (URN) is required.
-- note: >-
--   An episode open on 1 April or later in a placement with an Ofsted-registered provider
--   needs its URN: every placement except those that have none (P1, P3, R1, R2, R5, the
--   temporary T0 to T4, and Z1, or Z11 to Z14 from 2025/26; up to 2023/24 also H5 and P2),
--   when it is in England (PL_LA, from the placement postcode, is an English council). A
--   placement whose postcode is not known is left to rule 169.
SELECT e.return_id, 'Episodes' AS table_name, e.row_number, 'URN' AS column_name, e.child
FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
WHERE e.urn IS NULL AND e.place IS NOT NULL
  AND (e.dec IS NULL OR e.dec >= c.year_start)
  AND e.pl_la LIKE 'E%'
  AND e.place NOT IN ('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4')
  AND NOT (e.place = 'Z1' AND c.year <= 2025)
  AND NOT (e.place IN ('Z11', 'Z12', 'Z13', 'Z14') AND c.year >= 2026)
  AND NOT (e.place IN ('H5', 'P2') AND c.year <= 2024)
