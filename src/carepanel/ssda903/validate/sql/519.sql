-- code: 519
-- years: 2023-2027
-- tables: AD1
-- fields: LS_ADOPTR,SEX_ADOPTR
-- message: >-
--   Data entered on the legal status of adopters shows civil partnership couple, but data
--   entered on genders of adopters does not show it as a couple.
-- note: >-
--   A civil partnership (LS_ADOPTR L2) is a couple: MM, FF or MF.
SELECT return_id, 'AD1' AS table_name, row_number, 'SEX_ADOPTR' AS column_name, child
FROM ad1
WHERE ls_adoptr = 'L2' AND sex_adoptr NOT IN ('MM', 'FF', 'MF')
