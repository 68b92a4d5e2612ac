-- id: adoption_a10_days
-- title: Average days between entering care and moving in with the adoptive family, adjusted for foster carer adoptions (A10)
-- unit: days
-- polarity: low
-- cohort: adopted_3y
-- source: indicator_methodology.md 4.1 (adoption scorecard A10)
-- period: any
-- history_months: 60
-- period_note: >
--   children adopted in the three years to the period end whatever its start: the DfE's
--   fixed 3-year window, so a quarter gives the 3-year average to its end
-- definition: >
--   As A1 (children adopted, REC E11 or E12, in the three years to the end of the period;
--   days from the start of the period of care that ended in the adoption), except for
--   children adopted by their own foster carers (AD1 FOSTER_CARE = 1, or placed for adoption
--   with their current foster carers, A3 or A5): for them the days run to the start of the
--   placement with those carers, the last episode starting with a change of carer (RNE S, P
--   or B) before the adoptive placement, reached back through changes of placement type or
--   legal status with the same carers (RNE T, U, L). A foster carer adoption with no A3-A6
--   episode runs to the start of the placement the child was adopted from. Other children
--   with no placement for adoption are left out. Numerator: the sum of the days;
--   denominator: the number of children.
-- children: |
--   SELECT la_code, child FROM adopted_3y
--   WHERE CASE WHEN foster_care = 1 OR placed_place IN ('A3', 'A5') THEN carer_start
--              ELSE placed_on END IS NOT NULL
WITH moved_in AS (
    SELECT la_code, child, care_start,
           CASE WHEN foster_care = 1 OR placed_place IN ('A3', 'A5') THEN carer_start
                ELSE placed_on END AS moved_in_on
    FROM adopted_3y
)
SELECT p.la_code,
       coalesce(sum(m.moved_in_on - m.care_start), 0) AS numerator,
       count(m.child) AS denominator
FROM period AS p
LEFT JOIN moved_in AS m ON m.la_code = p.la_code AND m.moved_in_on IS NOT NULL
GROUP BY p.la_code
