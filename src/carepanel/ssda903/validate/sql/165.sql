-- code: 165
-- years: 2023-2027
-- tables: Header,Episodes,OC3
-- fields: MOTHER,SEX,ACTIV,ACCOM,IN_TOUCH,DECOM
-- message: >-
--   Data entry for mother status is invalid.
-- note: >-
--   MOTHER, when given, must be 0 or 1 and only for a girl; a girl looked after this year
--   must have it (short breaks, V3 and V4, do not count: rule 399 asks for MOTHER to be
--   blank for them). It may be blank for a girl with no episode this year, a care leaver
--   in OC3 only.
SELECT h.return_id, 'Header' AS table_name, h.row_number, 'MOTHER' AS column_name, h.child
FROM header AS h
WHERE (h.mother IS NOT NULL AND h.mother NOT IN ('0', '1'))
   OR (h.mother IS NOT NULL AND h.sex IN ('1', 'M'))
   OR (h.mother IS NULL AND h.sex IN ('2', 'F') AND (h.return_id, h.child) IN (
         SELECT e.return_id, e.child
         FROM episodes AS e JOIN collection AS c ON c.return_id = e.return_id
         WHERE (e.ls IS NULL OR e.ls NOT IN ('V3', 'V4'))
           AND e.decom <= c.year_end AND (e.dec IS NULL OR e.dec >= c.year_start)))
