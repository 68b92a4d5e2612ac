-- code: 601
-- years: 2023-2027
-- tables: Episodes,AD1
-- fields: REC,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
-- message: >-
--   The additional fields relating to adoption have not been completed although the
--   episode data shows that the child was adopted during the year.
-- note: >-
--   A child adopted during the collection year (an episode ending E11 or E12 between 1
--   April and 31 March) with no AD1 row, or one with any of its six items blank. The
--   episode (and the AD1 row, when there is one) is named. A date written but not a real
--   date is given (the field check reports its form).
WITH adopted AS (
    SELECT e.return_id, e.row_number, e.child
    FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
    WHERE e.rec IN ('E11', 'E12') AND e.dec BETWEEN c.year_start AND c.year_end
),
complete AS (
    SELECT return_id, child FROM ad1
    WHERE date_int_text IS NOT NULL AND date_match_text IS NOT NULL AND foster_care IS NOT NULL
      AND nb_adoptr IS NOT NULL AND sex_adoptr IS NOT NULL AND ls_adoptr IS NOT NULL
)
SELECT return_id, 'Episodes' AS table_name, row_number, 'REC' AS column_name, child
FROM adopted WHERE (return_id, child) NOT IN (SELECT return_id, child FROM complete)
UNION ALL
SELECT a.return_id, 'AD1', a.row_number,
       'DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR', a.child
FROM ad1 AS a
WHERE (a.return_id, a.child) IN (SELECT return_id, child FROM adopted)
  AND (a.return_id, a.child) NOT IN (SELECT return_id, child FROM complete)
