-- id: reviews_participation_pct
-- title: Reviews in which the child participated
-- unit: percent
-- polarity: high
-- cohort: reviews
-- source: indicators.md; SSDA903 Reviews (REVIEW_CODE PN0-PN7)
-- period: any
-- period_note: >
--   reviews held in whatever period is asked for
-- plain: >
--   Of the reviews of children's care held in the period for children aged 4 or over,
--   the share the child took part in: in person, through an advocate or by sharing their
--   views another way.
-- definition: >
--   Of the looked-after reviews held in the period of children aged 4 or over on the day of
--   the review, the percentage in which the child participated (REVIEW_CODE PN1 to PN6:
--   attended and spoke for themselves, through an advocate or non-verbally, or attended;
--   or did not attend but briefed an advocate or conveyed their views another way). PN7,
--   "the child does not attend nor are their views conveyed to the review", is a review
--   the child did not take part in, and so is a review with no code. Reviews of children
--   under 4 (PN0) are left out, and so are reviews of children not looked after in the
--   period other than on short breaks (V3/V4). Ages are worked from the Header DOB of the
--   latest return, else the review row's own DOB.
-- children: |
--   SELECT r.la_code, r."child" AS child
--   FROM reviews AS r
--   JOIN period AS p ON p.la_code = r.la_code
--   JOIN cla_during AS d ON d.la_code = r.la_code AND d.child = r."child"
--   LEFT JOIN child AS c ON c.la_code = r.la_code AND c.child = r."child"
--   WHERE r."review" BETWEEN p.period_start AND p.period_end
--     AND age_in_years(coalesce(c.dob, r."dob"), r."review") >= 4
WITH counted AS (
    SELECT r.la_code, r."child" AS child, r."review_code" AS review_code
    FROM reviews AS r
    JOIN period AS p ON p.la_code = r.la_code
    JOIN cla_during AS d ON d.la_code = r.la_code AND d.child = r."child"
    LEFT JOIN child AS c ON c.la_code = r.la_code AND c.child = r."child"
    WHERE r."review" BETWEEN p.period_start AND p.period_end
      AND age_in_years(coalesce(c.dob, r."dob"), r."review") >= 4
)
SELECT p.la_code,
       count(r.child) FILTER (WHERE r.review_code IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5',
                                                      'PN6')) AS numerator,
       count(r.child) AS denominator
FROM period AS p
LEFT JOIN counted AS r ON r.la_code = p.la_code
GROUP BY p.la_code
