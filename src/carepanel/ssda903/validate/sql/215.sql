-- code: 215
-- years: 2023-2027
-- tables: OC2,OC3
-- fields: IN_TOUCH,ACTIV,ACCOM,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
-- message: >-
--   Child has care leaver information but one or more data items relating to children
--   looked after for 12 months have been completed.
-- note: >-
--   A child with care leaver information (any of IN_TOUCH, ACTIV, ACCOM) and any OC2 item
--   other than the SDQ. Both rows are named.
WITH both_given AS (
    SELECT o3.return_id, o3.row_number AS oc3_row, o2.row_number AS oc2_row, o3.child
    FROM oc3 AS o3 JOIN oc2 AS o2 ON o2.return_id = o3.return_id AND o2.child = o3.child
    WHERE (o3.in_touch IS NOT NULL OR o3.activ IS NOT NULL OR o3.accom IS NOT NULL)
      AND (o2.convicted IS NOT NULL OR o2.health_check IS NOT NULL
           OR o2.immunisations IS NOT NULL OR o2.teeth_check IS NOT NULL
           OR o2.health_assessment IS NOT NULL OR o2.substance_misuse IS NOT NULL
           OR o2.intervention_received IS NOT NULL OR o2.intervention_offered IS NOT NULL)
)
SELECT return_id, 'OC3' AS table_name, oc3_row AS row_number,
       'IN_TOUCH, ACTIV, ACCOM' AS column_name, child
FROM both_given
UNION ALL
SELECT return_id, 'OC2', oc2_row, 'CONVICTED', child FROM both_given
