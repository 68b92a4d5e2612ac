-- code: '633'
-- years: 2023-2027
-- tables: PrevPerm
-- fields: LA_PERM
-- message: >-
--   Local authority code where previous permanence option was arranged is not a valid
--   value.
-- note: >-
--   LA_PERM, when given, is a council's three-digit DfE code (every council of the DfE's
--   published tables since 2012, merged ones too: carepanel.reference.councils) or WAL,
--   SCO, NIR, NUK for a council in Wales, Scotland, Northern Ireland or outside the UK.
SELECT return_id, 'PrevPerm' AS table_name, row_number, 'LA_PERM' AS column_name, child
FROM prev_perm
WHERE la_perm IS NOT NULL AND la_perm NOT IN ('WAL', 'SCO', 'NIR', 'NUK')
  AND la_perm NOT IN (SELECT la_code FROM ref_council)
