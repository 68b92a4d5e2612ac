-- id: uasc_at_end
-- title: Unaccompanied asylum-seeking children looked after at the end of the period
-- unit: count
-- polarity: context
-- cohort: cla_at_end
-- history_months: 0
-- source: indicators.md decision 9
-- period: any
-- period_note: >
--   counted on the last day of the period, so only the period end matters: a quarter to 30
--   June gives the figure at 30 June
-- plain: >
--   Unaccompanied children seeking asylum whom the council looked after on the last day
--   of the period.
-- definition: >
--   Children looked after at the end of the period who were unaccompanied asylum-seeking
--   children on that day: a UASC row (from the latest return holding the child) whose date
--   UASC status ceased (DUC) is blank or after the end of the period.
-- children: |
--   SELECT c.la_code, c.child
--   FROM cla_at_end AS c
--   JOIN uasc AS u ON u.la_code = c.la_code AND u."child" = c.child
--   WHERE u."duc" IS NULL OR u."duc" > c.period_end
SELECT c.la_code, count(*) AS numerator, NULL AS denominator
FROM cla_at_end AS c
JOIN uasc AS u ON u.la_code = c.la_code AND u."child" = c.child
WHERE u."duc" IS NULL OR u."duc" > c.period_end
GROUP BY c.la_code
