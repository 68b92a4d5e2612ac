-- code: 511
-- years: 2023-2027
-- tables: AD1
-- fields: NB_ADOPTR,SEX_ADOPTR
-- message: >-
--   If reporting that the number of person(s) adopting the looked after child is two
--   adopters then the code should only be MM, FF or MF. MM = the adopting couple are both
--   males; FF = the adopting couple are both females; MF = The adopting couple are male
--   and female.
SELECT return_id, 'AD1' AS table_name, row_number, 'SEX_ADOPTR' AS column_name, child
FROM ad1
WHERE nb_adoptr = '2' AND sex_adoptr NOT IN ('MM', 'FF', 'MF')
