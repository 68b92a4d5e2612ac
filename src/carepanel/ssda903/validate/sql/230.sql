-- code: '230'
-- years: 2024
-- tables: Episodes
-- fields: PLACE,DEC,URN
-- message: >-
--   Ofsted Unique reference number (URN) is required for any English H5 placements from 28
--   October 2023.
-- note: >-
--   Semi-independent living (H5) became a placement Ofsted registers on 28 October 2023: an
--   H5 placement in England (PL_LA, from the placement postcode, an English council) that
--   ended after that day, or is open, needs its URN (not XXXXXXX, the placeholder). A
--   placement whose postcode is not known is left to rule 169, as for rule 218.
SELECT return_id, 'Episodes' AS table_name, row_number, 'URN' AS column_name, child
FROM episodes
WHERE place = 'H5' AND (dec IS NULL OR dec > DATE '2023-10-28')
  AND (urn IS NULL OR urn = 'XXXXXXX')
  AND pl_la LIKE 'E%'
