-- id: uasc_at_end_pct
-- title: Unaccompanied asylum-seeking children as a percentage of children looked after
-- unit: percent
-- polarity: context
-- cohort: cla_at_end
-- history_months: 0
-- source: indicators.md decision 9
-- period: any
-- period_note: >
--   counted on the last day of the period, so only the period end matters: a quarter to 30
--   June gives the figure at 30 June
-- plain: >
--   Of the children looked after on the last day of the period, the share who were
--   unaccompanied children seeking asylum.
-- definition: >
--   Unaccompanied asylum-seeking children looked after at the end of the period (UASC row
--   with DUC blank or after the end) as a percentage of all children looked after then.
SELECT c.la_code,
       count(*) FILTER (WHERE u."child" IS NOT NULL
                          AND (u."duc" IS NULL OR u."duc" > c.period_end)) AS numerator,
       count(*) AS denominator
FROM cla_at_end AS c
LEFT JOIN uasc AS u ON u.la_code = c.la_code AND u."child" = c.child
GROUP BY c.la_code
