-- code: 3001
-- years: 2023-2027
-- tables: Header,OC3
-- fields: REC
-- message: >-
--   Where care leavers information is being returned for a young person around their 17th
--   birthday, the accommodation cannot be with their former foster carer(s).
-- note: >-
--   Around their 17th birthday means the 17th birthday falls in the collection year;
--   accommodation with former foster carers is ACCOM Z1 or Z2.
SELECT o.return_id, 'OC3' AS table_name, o.row_number, 'ACCOM' AS column_name, o.child
FROM oc3 AS o
JOIN child_dob AS h ON h.return_id = o.return_id AND h.child = o.child
JOIN collection AS c ON c.return_id = o.return_id
WHERE o.accom IN ('Z1', 'Z2')
  AND birthday(h.dob, 17) BETWEEN c.year_start AND c.year_end
