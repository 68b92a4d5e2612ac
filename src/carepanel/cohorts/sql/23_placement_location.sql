-- needs: [cla_at_end, ref_council, ref_postcode]
-- grain:
--   cla_at_end_location: [la_code, child]

-- cla_at_end_location: where each child looked after at the period end (cla_at_end) is
-- placed, as the DfE derives it from the episode's postcodes with the ONS postcode
-- directory (carepanel.reference.postcodes; the warehouse's postcodes in ref_postcode):
-- pl_la the council the placement is in (upper tier ONS code, or WAL, SCO, NIR);
-- pl_location IN the child's council or OUT of it, NULL when the placement postcode is not
-- a known postcode; pl_distance miles from home to placement in a straight line, to 0.1,
-- NULL unless both postcodes are known (methodology 1.7).
CREATE OR REPLACE TEMP VIEW cla_at_end_location AS
SELECT a.la_code, a.child, pp.placement_la AS pl_la,
       CASE WHEN pp.la IS NULL THEN NULL
            WHEN pp.placement_la IS NOT DISTINCT FROM k.ons_code THEN 'IN'
            ELSE 'OUT' END AS pl_location,
       round(sqrt((hp.easting - pp.easting) ^ 2 + (hp.northing - pp.northing) ^ 2) / 1609.3, 1)
         AS pl_distance
FROM cla_at_end AS a
LEFT JOIN ref_council AS k ON k.la_code = a.la_code
LEFT JOIN ref_postcode AS hp ON hp.postcode = upper(replace(a.home_post, ' ', ''))
LEFT JOIN ref_postcode AS pp ON pp.postcode = upper(replace(a.pl_post, ' ', ''));
