-- id: adoption_a2_days
-- title: Average days between court authority to place and the match with adopters (A2)
-- unit: days
-- polarity: low
-- cohort: adopted_3y
-- source: indicator_methodology.md 4.1 (adoption scorecard A2)
-- period: any
-- history_months: 60
-- period_note: >
--   children adopted in the three years to the period end whatever its start: the DfE's
--   fixed 3-year window, so a quarter gives the 3-year average to its end
-- definition: >
--   Children adopted (REC E11 or E12) in the three years to the end of the period: the mean
--   number of days from the court's authority to place the child for adoption, the start
--   (DECOM) of the first episode with a placement order (legal status E1) or freeing order
--   (D1) in the period of care that ended in the adoption, to the council's decision on the
--   match with the adopters (AD1 DATE_MATCH). A child matched before the authority counts
--   as 0 days. Children with no placement or freeing order in that period, children not
--   placed for adoption (no A3-A6 episode) before the adoption, and children with no match
--   date are left out. Numerator: the sum of the days; denominator: the number of children.
-- children: |
--   SELECT la_code, child FROM adopted_3y
--   WHERE authority_on IS NOT NULL AND placed_on IS NOT NULL AND date_match IS NOT NULL
SELECT p.la_code,
       coalesce(sum(greatest(0, a.date_match - a.authority_on)), 0) AS numerator,
       count(a.child) AS denominator
FROM period AS p
LEFT JOIN adopted_3y AS a
  ON a.la_code = p.la_code
 AND a.authority_on IS NOT NULL
 AND a.placed_on IS NOT NULL
 AND a.date_match IS NOT NULL
GROUP BY p.la_code
