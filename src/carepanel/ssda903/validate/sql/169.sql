-- code: '169'
-- years: 2023-2027
-- tables: Episodes
-- fields: PL_LA
-- message: >-
--   Local Authority (LA) of placement is not valid or is missing. Please check a valid
--   postcode has been entered.
-- note: >-
--   PL_LA is the council the placement postcode (PL_POST) is in, from the ONS postcode
--   directory (carepanel.reference.postcodes). Every episode other than a short break (V3,
--   V4) needs it: a placement postcode that is blank, or not a postcode in the directory,
--   or in the Channel Islands or the Isle of Man, gives none.
SELECT return_id, 'Episodes' AS table_name, row_number, 'PL_POST' AS column_name, child
FROM episodes
WHERE (ls IS NULL OR ls NOT IN ('V3', 'V4')) AND pl_la IS NULL
