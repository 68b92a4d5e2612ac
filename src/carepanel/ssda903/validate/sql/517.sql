-- code: 517
-- years: 2023-2027
-- tables: AD1
-- fields: LS_ADOPTR,SEX_ADOPTR
-- message: >-
--   If reporting legal status of adopters is L3 then the genders of adopters should be
--   coded as MF. MF = the adopting couple are male and female.
SELECT return_id, 'AD1' AS table_name, row_number, 'SEX_ADOPTR' AS column_name, child
FROM ad1
WHERE ls_adoptr = 'L3' AND sex_adoptr <> 'MF'
