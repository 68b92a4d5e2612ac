-- id: adoption_a1_days
-- title: Average days between entering care and moving in with the adoptive family (A1)
-- unit: days
-- polarity: low
-- cohort: adopted_3y
-- source: indicator_methodology.md 4.1 (adoption scorecard A1)
-- period: any
-- history_months: 60
-- period_note: >
--   children adopted in the three years to the period end whatever its start: the DfE's
--   fixed 3-year window, so a quarter gives the 3-year average to its end
-- plain: >
--   For children adopted in the three years to the period end, the average number of
--   days from coming into care to moving in with their adoptive family.
-- definition: >
--   Children adopted (an episode ending with REC E11 or E12) in the three years to the end
--   of the period: the mean number of days from the start of the period of care that ended
--   in the adoption to the day the child moved in with the adoptive family, the start
--   (DECOM) of the first episode in that period placed for adoption (A3, A4, A5 or A6).
--   Numerator: the sum of those days; denominator: the number of children. Children with no
--   placement for adoption in that period are left out. The DfE rounds the published
--   average to a whole day; the value here is unrounded.
-- children: |
--   SELECT la_code, child FROM adopted_3y WHERE placed_on IS NOT NULL
SELECT p.la_code,
       coalesce(sum(a.placed_on - a.care_start), 0) AS numerator,
       count(a.child) AS denominator
FROM period AS p
LEFT JOIN adopted_3y AS a ON a.la_code = p.la_code AND a.placed_on IS NOT NULL
GROUP BY p.la_code
