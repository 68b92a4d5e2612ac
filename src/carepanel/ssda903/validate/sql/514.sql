-- code: 514
-- years: 2023-2027
-- tables: AD1
-- fields: LS_ADOPTR,SEX_ADOPTR
-- message: >-
--   Data entry on the legal status of adopters shows a single adopter but data entry for
--   the numbers of adopters shows it as a couple.
-- note: >-
--   A single adopter (LS_ADOPTR L0) must be M1 or F1.
SELECT return_id, 'AD1' AS table_name, row_number, 'SEX_ADOPTR' AS column_name, child
FROM ad1
WHERE ls_adoptr = 'L0' AND sex_adoptr NOT IN ('M1', 'F1')
