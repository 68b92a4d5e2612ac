-- needs: [period]
-- grain:
--   period_return: [la_code, submission_id, table_name]
--   data_error: [submission_id, table_name, row_number, column_name]
--   child_with_data_errors: [la_code, child]

-- period_return: the returns (and local files) that cover the period, for saying how far
-- its figures rest on rows with data errors. A return covers the days from the 1 April
-- that starts its collection year to its reference date: the 12 months to 31 March 2025
-- are covered by the 2024/25 return, the 12 months to 30 June 2025 by the 2024/25 return
-- and the extract to 30 June 2025. Only active tables count (active_tables): a corrected
-- return replaces an earlier one's tables, and with them the earlier one's errors.
CREATE OR REPLACE TEMP VIEW period_return AS
SELECT a.la_code, a.submission_id, a.table_name, a.reference_date, s.kind
FROM active_tables AS a
JOIN submissions AS s ON s.submission_id = a.submission_id
JOIN period AS p ON p.la_code = a.la_code
WHERE make_date(a.collection_year - 1, 4, 1) <= p.period_end
  AND a.reference_date >= p.period_start;

-- data_error: every data error in those returns, one row per bad value: a value the loader
-- found not valid for the return's year (a code not in the year's list, a date that is not
-- a date, a number that is not a number, ...: a finding of severity 'error'). The value is
-- kept as received in raw_<table> and is null in the history, so the figures treat it as
-- not recorded; a row whose key is bad (the child's identifier, an episode's start date)
-- is not in the history at all. Only the return's own rows count (in_return 'current'),
-- not the rows of last year's return that a rule compared it with. The DfE's validation
-- rules across fields and tables (severity 'warning') are not data errors: their values
-- are used as sent.
CREATE OR REPLACE TEMP VIEW data_error AS
SELECT r.la_code, r.reference_date, r.kind, f.submission_id, f.table_name, f.row_number,
       f.column_name, f.rule, f.child
FROM findings AS f
JOIN period_return AS r ON r.submission_id = f.submission_id AND r.table_name = f.table_name
WHERE f.severity = 'error' AND coalesce(f.in_return, 'current') = 'current';

-- child_with_data_errors: each child with at least one data error on any of their rows in
-- the returns that cover the period, with how many. A measure's figure "rests on rows with
-- errors" for the children in the measure (each indicator's children, see
-- docs/indicators.md) who are in this view.
CREATE OR REPLACE TEMP VIEW child_with_data_errors AS
SELECT la_code, child, count(*) AS errors
FROM data_error
WHERE child IS NOT NULL
GROUP BY la_code, child;
