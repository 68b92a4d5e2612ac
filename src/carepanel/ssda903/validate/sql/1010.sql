-- code: 1010
-- years: 2023-2027
-- tables: Episodes,Episodes_last,OC3
-- fields: IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   This child has no episodes loaded for current year even though there was an open
--   episode of care at the end of the previous year, and care leaver data has been
--   entered.
-- note: >-
--   The young person's latest episode in last year's return was open at its end, this
--   year's return has no episode for them, and care leaver information is given.
WITH open_last AS (
    -- each child's latest episode in last year's return, when it is still open
    SELECT * FROM episodes_last WHERE seq = episodes_of_child AND dec_text IS NULL
)
SELECT o.return_id, 'OC3' AS table_name, o.row_number,
       'IN_TOUCH, ACTIV, ACCOM' AS column_name, o.child
FROM oc3 AS o
WHERE (o.in_touch IS NOT NULL OR o.activ IS NOT NULL OR o.accom IS NOT NULL)
  AND (o.return_id, o.child) IN (SELECT return_id, child FROM open_last)
  AND (o.return_id, o.child) NOT IN (SELECT return_id, child FROM episodes WHERE child IS NOT NULL)
