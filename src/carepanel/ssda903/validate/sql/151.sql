-- code: 151
-- years: 2023-2027
-- tables: AD1
-- fields: DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTER,SEX_ADOPTR,LS_ADOPTR
-- message: >-
--   All data items relating to a childs adoption must be coded or left blank.
-- note: >-
--   The six adoption items are all given or all blank.
SELECT return_id, 'AD1' AS table_name, row_number,
       'DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR' AS column_name, child
FROM ad1
WHERE NOT (date_int_text IS NOT NULL AND date_match_text IS NOT NULL AND foster_care IS NOT NULL
           AND nb_adoptr IS NOT NULL AND sex_adoptr IS NOT NULL AND ls_adoptr IS NOT NULL)
  AND NOT (date_int_text IS NULL AND date_match_text IS NULL AND foster_care IS NULL
           AND nb_adoptr IS NULL AND sex_adoptr IS NULL AND ls_adoptr IS NULL)
