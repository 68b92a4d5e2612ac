-- code: 525
-- years: 2023-2027
-- tables: PlacedAdoption,AD1
-- fields: DATE_PLACED_CEASED,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
-- message: >-
--   A child for whom the decision to be placed for adoption has been reversed cannot be
--   adopted during the year.
-- note: >-
--   A decision reversed (DATE_PLACED_CEASED given) for a child with any AD1 adoption item.
--   Both rows are named.
WITH clash AS (
    SELECT p.return_id, p.row_number AS pa_row, a.row_number AS ad1_row, p.child
    FROM placed_adoption AS p JOIN ad1 AS a ON a.return_id = p.return_id AND a.child = p.child
    WHERE p.date_placed_ceased IS NOT NULL
      AND (a.date_int IS NOT NULL OR a.date_match IS NOT NULL OR a.foster_care IS NOT NULL
           OR a.nb_adoptr IS NOT NULL OR a.sex_adoptr IS NOT NULL OR a.ls_adoptr IS NOT NULL)
)
SELECT return_id, 'PlacedAdoption' AS table_name, pa_row AS row_number,
       'DATE_PLACED_CEASED' AS column_name, child
FROM clash
UNION ALL
SELECT return_id, 'AD1', ad1_row,
       'DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR', child
FROM clash
