-- code: 520
-- years: 2023-2027
-- tables: AD1
-- fields: LS_ADOPTR,SEX_ADOPTR
-- message: >-
--   Data entry on the legal status of adopters shows different gender married couple but
--   data entry on genders of adopters shows it as a same gender couple.
-- note: >-
--   A different gender married couple (LS_ADOPTR L11) cannot be MM or FF.
SELECT return_id, 'AD1' AS table_name, row_number, 'SEX_ADOPTR' AS column_name, child
FROM ad1
WHERE ls_adoptr = 'L11' AND sex_adoptr IN ('MM', 'FF')
