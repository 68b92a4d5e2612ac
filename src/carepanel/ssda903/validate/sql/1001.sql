-- code: '1001'
-- years: 2023-2027
-- tables: Episodes,OC3,Header,Episodes_last
-- fields: IN_TOUCH,ACTIV,ACCOM
-- message: >-
--   The episodes recorded for this young person suggest they are not a relevant or a
--   former relevant child and therefore should not have care leaver information
--   completed.
-- note: >-
--   A care leaver (a row of OC3) must have been an eligible or relevant child: looked after
--   for at least 13 weeks (91 days) in all since the 14th birthday, and for some time after
--   the 16th birthday, not counting short breaks (LS V3, V4); and not adopted (the child's
--   latest episode did not end with REC E11 or E12). The episodes are those of this year's
--   return, last year's and every earlier return of the council the warehouse holds (an
--   episode in two returns counted once; the latest open episode runs to 31 March). Run
--   only with a warehouse (--warehouse) and last year's return, and for a return whose
--   council has a return before last year's in the warehouse, as rule 1002. A child
--   whose date of birth is not known is left to the rules on DOB.
WITH episodes_all AS (
    SELECT return_id, child, decom, max(dec) AS dec, max(ls) AS ls, max(rec) AS rec
    FROM (SELECT return_id, child, decom, dec, ls, rec FROM episodes
          UNION ALL SELECT return_id, child, decom, dec, ls, rec FROM episodes_last
          UNION ALL SELECT return_id, child, decom, dec, ls, rec FROM episodes_earlier)
    WHERE child IS NOT NULL AND decom IS NOT NULL
    GROUP BY return_id, child, decom
),
latest AS (
    SELECT return_id, child, max(decom) AS decom, arg_max(rec, decom) AS rec
    FROM episodes_all GROUP BY return_id, child
),
care AS (
    SELECT a.return_id, a.child,
           sum(greatest(0, datediff('day', greatest(a.decom, h.dob + INTERVAL 14 YEAR),
               coalesce(a.dec, CASE WHEN a.decom = l.decom THEN c.year_end END)))) AS since_14,
           sum(greatest(0, datediff('day', greatest(a.decom, h.dob + INTERVAL 16 YEAR),
               coalesce(a.dec, CASE WHEN a.decom = l.decom THEN c.year_end END)))) AS since_16
    FROM episodes_all AS a
    JOIN header AS h ON h.return_id = a.return_id AND h.child = a.child
    JOIN collection AS c ON c.return_id = a.return_id
    JOIN latest AS l ON l.return_id = a.return_id AND l.child = a.child
    WHERE a.ls IS NULL OR a.ls NOT IN ('V3', 'V4')
    GROUP BY a.return_id, a.child
)
SELECT o.return_id, 'OC3' AS table_name, o.row_number, 'IN_TOUCH, ACTIV, ACCOM' AS column_name,
       o.child
FROM oc3 AS o
JOIN header AS h ON h.return_id = o.return_id AND h.child = o.child
LEFT JOIN care AS k ON k.return_id = o.return_id AND k.child = o.child
LEFT JOIN latest AS l ON l.return_id = o.return_id AND l.child = o.child
WHERE h.dob IS NOT NULL AND o.return_id IN (SELECT return_id FROM episodes_earlier)
  AND (l.rec IN ('E11', 'E12') OR coalesce(k.since_14, 0) < 91 OR coalesce(k.since_16, 0) < 1)
