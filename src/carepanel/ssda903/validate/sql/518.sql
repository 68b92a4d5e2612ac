-- code: 518
-- years: 2023-2027
-- tables: AD1
-- fields: LS_ADOPTR,SEX_ADOPTR
-- message: >-
--   If reporting legal status of adopters is L4 then the genders of adopters should be
--   coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple
--   are both females.
SELECT return_id, 'AD1' AS table_name, row_number, 'SEX_ADOPTR' AS column_name, child
FROM ad1
WHERE ls_adoptr = 'L4' AND sex_adoptr NOT IN ('MM', 'FF')
