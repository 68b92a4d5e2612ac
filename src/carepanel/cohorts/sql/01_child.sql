-- needs: []
-- grain:
--   child: [la_code, child]

-- child: one row per child per council, with the date of birth every age is worked from.
-- DOB comes from the Header of the latest return holding the child (the canonical header
-- keeps the latest row), else from the child's own rows in other tables (indicators.md,
-- decision 8). SEX is put in the codes used from 2024/25 (1 -> M, 2 -> F).
CREATE OR REPLACE TEMP VIEW child AS
SELECT la_code, child, dob,
       CASE sex WHEN '1' THEN 'M' WHEN '2' THEN 'F' ELSE sex END AS sex
FROM (
    SELECT la_code, child, dob, sex,
           row_number() OVER (PARTITION BY la_code, child
                              ORDER BY priority, reference_date DESC) AS pick
    FROM (
        SELECT la_code, "child" AS child, "dob" AS dob, "sex" AS sex, 1 AS priority,
               reference_date FROM header
        UNION ALL
        SELECT la_code, "child", "dob", NULL, 2, reference_date FROM uasc
        UNION ALL
        SELECT la_code, "child", "dob", NULL, 3, reference_date FROM oc3
        UNION ALL
        SELECT la_code, "child", "dob", NULL, 4, reference_date FROM oc2
    ) AS known
) AS ranked
WHERE pick = 1;
