-- needs: [cla_during, period]
-- grain:
--   missing_incident: [la_code, child, mis_start]

-- missing_incident: missing (M) and away-without-authorisation (A) incidents of children
-- looked after during the period (cla_during: children whose only episodes are short breaks,
-- V3/V4, are left out) that touch the period: started in it, or started before it and still
-- open on its first day (MIS_END blank or on or after that day). The DfE counts incidents
-- "carried over from previous years" (methodology 5; indicators.md decision 10). The
-- warehouse's missing table already holds one row per child and MIS_START, the later return
-- winning. started_in_period says whether the incident began in the period.
CREATE OR REPLACE TEMP VIEW missing_incident AS
SELECT m.la_code, m."child" AS child, m."missing" AS missing_type,
       m."mis_start" AS mis_start, m."mis_end" AS mis_end,
       m."mis_start" >= p.period_start AS started_in_period
FROM missing AS m
JOIN period AS p ON p.la_code = m.la_code
JOIN cla_during AS c ON c.la_code = m.la_code AND c.child = m."child"
WHERE m."mis_start" <= p.period_end
  AND (m."mis_start" >= p.period_start
       OR m."mis_end" IS NULL OR m."mis_end" >= p.period_start);
