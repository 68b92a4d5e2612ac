-- needs: []
-- grain:
--   episode: [la_code, child, decom]

-- episode: every episode of care that counts. Short breaks (legal status V3, V4) are left
-- out of every indicator, as the DfE leaves them out (methodology 1.1).
CREATE OR REPLACE TEMP VIEW episode AS
SELECT la_code, "child" AS child, "decom" AS decom, "dec" AS dec_date, "rne" AS rne,
       "ls" AS ls, "cin" AS cin, "place" AS place, "place_provider" AS place_provider,
       "rec" AS rec, "reason_place_change" AS reason_place_change,
       "home_post" AS home_post, "pl_post" AS pl_post, "urn" AS urn, repaired
FROM episodes
WHERE "ls" NOT IN ('V3', 'V4');
