-- code: 217
-- years: 2023-2027
-- tables: Episodes
-- fields: PLACE,DECOM,RNE
-- message: >-
--   Children who are placed for adoption with current foster carers (placement types A3 or
--   A5) must have a reason for new episode of S, T or U.
-- note: >-
--   Applies to episodes starting on or after 1 April 2015.
SELECT return_id, 'Episodes' AS table_name, row_number, 'RNE' AS column_name, child
FROM episodes
WHERE place IN ('A3', 'A5') AND decom >= DATE '2015-04-01'
  AND (rne IS NULL OR rne NOT IN ('S', 'T', 'U'))
