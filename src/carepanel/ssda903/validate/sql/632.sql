-- code: 632
-- years: 2023-2027
-- tables: Episodes,PrevPerm
-- fields: DATE_PERM,DECOM
-- message: >-
--   Date of previous permanence order not a valid value. NOTE: This rule may result in
--   false negatives where the period of care started before the current collection year
-- note: >-
--   DATE_PERM is dd/mm/YYYY, where the day or month may be ZZ when unknown (taken as the
--   latest date it could be). It must be a real date before the child's current period of
--   care began: the start of the child's latest episode with RNE S in the return, or of
--   the first episode when none starts a period.
WITH parsed AS (
    SELECT return_id, row_number, child, date_perm,
           CASE WHEN regexp_full_match(date_perm, '(\d\d|ZZ)/(\d\d|ZZ)/\d{4}') THEN
               try(CASE WHEN substr(date_perm, 1, 2) = 'ZZ'
                        THEN last_day(make_date(substr(date_perm, 7, 4)::INTEGER,
                                                coalesce(try_cast(nullif(substr(date_perm, 4, 2), 'ZZ') AS INTEGER), 12), 1))
                        ELSE make_date(substr(date_perm, 7, 4)::INTEGER,
                                       coalesce(try_cast(nullif(substr(date_perm, 4, 2), 'ZZ') AS INTEGER), 12),
                                       substr(date_perm, 1, 2)::INTEGER) END)
           END AS perm_date
    FROM prev_perm
    WHERE date_perm IS NOT NULL
),
care_start AS (
    SELECT return_id, child, coalesce(max(decom) FILTER (WHERE rne = 'S'), min(decom)) AS decom
    FROM episodes GROUP BY return_id, child
)
SELECT p.return_id, 'PrevPerm' AS table_name, p.row_number, 'DATE_PERM' AS column_name, p.child
FROM parsed AS p
LEFT JOIN care_start AS s ON s.return_id = p.return_id AND s.child = p.child
WHERE p.perm_date IS NULL OR p.perm_date >= s.decom
