-- The tables every rule reads, built once per run by the runner from the staging tables.
--
-- The runner creates these in the schema ``rules`` of the staging database, and every rule
-- runs with ``rules`` first on its search path, so that the names below never meet the
-- warehouse's history tables of the same names. Each statement is separated by a line
-- holding only ";". Every table holds the rows of EVERY return checked in the run, told
-- apart by ``return_id``:
--   header, episodes, uasc, reviews, oc2, oc3, ad1, placed_adoption, prev_perm,
--   missing, sw_episodes, dolo            each checked return's own tables, typed
--   <name>_last                           the previous year's return of each checked return
--                                         that has one, its rows labelled with the CHECKED
--                                         return's return_id (so a rule joins this year to
--                                         last year on return_id, like any other table)
--   collection                            one row per checked return: return_id, year,
--                                         year_start, year_end, la_code (the DfE's),
--                                         la_ons (its ONS code, NULL for a code not known),
--                                         tables_given and tables_given_last (the names of
--                                         the tables the return and last year's came with,
--                                         as the DfE names them: 'UASC'), to tell a table
--                                         left out from one with no rows
-- Typed means: text trimmed and blank turned into NULL; dates (dd/mm/YYYY) parsed into
-- DATE, NULL when not a real date (the field checks report those as errors on their own),
-- with the text as written beside each in <column>_text, for rules about whether a date
-- was given at all; SDQ_SCORE a whole number. Episodes also hold what the DfE derives from
-- the postcodes (carepanel.reference.postcodes, the run's postcodes in ref_postcode):
-- home_post_found and pl_post_found (the postcode is in the ONS directory), pl_la (the
-- council the placement is in: ONS code of the upper tier, or WAL, SCO, NIR), pl_location
-- (IN the child's council or OUT; NULL when the placement postcode is not known) and
-- pl_distance (miles from home to placement in a straight line, to 0.1; NULL unless both
-- postcodes are known). Codes stay text, read in capitals as the DfE's validator reads them
-- ("s" is S; the field checks tell the council). {date:x} stands for both columns of date
-- x, {code:x} for the coded column x.
--
-- raw_<name>{suffix} are the runner's views over stg_<name>: '' the checked returns' rows,
-- '_last' the previous returns' rows relabelled. Windows are per return and child
-- (PARTITION BY return_id, child): one return's columns never depend on another's.

CREATE TABLE header{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {code:sex},
       {date:dob}, {code:ethnic}, nullif(trim(upn), '') AS upn,
       nullif(trim(mother), '') AS mother, {date:mc_dob}
FROM raw_header{suffix}
;
CREATE TABLE episodes{suffix} AS
SELECT e.*,
       row_number() OVER w AS seq,
       lag(decom) OVER w AS prev_decom, lag(dec) OVER w AS prev_dec,
       lag(rec) OVER w AS prev_rec, lag(ls) OVER w AS prev_ls, lag(place) OVER w AS prev_place,
       lag(place_provider) OVER w AS prev_place_provider, lag(pl_post) OVER w AS prev_pl_post,
       lag(urn) OVER w AS prev_urn, lag(cin) OVER w AS prev_cin,
       lead(decom) OVER w AS next_decom, lead(rne) OVER w AS next_rne,
       lead(place) OVER w AS next_place, lead(ls) OVER w AS next_ls,
       count(*) OVER (PARTITION BY return_id, child) AS episodes_of_child
FROM (
    SELECT x.*, hp.postcode IS NOT NULL AS home_post_found,
           pp.postcode IS NOT NULL AS pl_post_found, pp.placement_la AS pl_la,
           CASE WHEN pp.la IS NULL THEN NULL
                WHEN pp.placement_la IS NOT DISTINCT FROM c.la_ons THEN 'IN'
                ELSE 'OUT' END AS pl_location,
           round(sqrt((hp.easting - pp.easting) ^ 2 + (hp.northing - pp.northing) ^ 2)
                 / 1609.3, 1) AS pl_distance
    FROM (
        SELECT return_id, row_number, nullif(trim(child), '') AS child, {date:decom},
               {code:rne}, {code:ls},
               {code:cin}, {code:place},
               {code:place_provider}, {date:dec},
               {code:rec},
               {code:reason_place_change},
               nullif(trim(home_post), '') AS home_post,
               nullif(trim(pl_post), '') AS pl_post,
               nullif(trim(urn), '') AS urn
        FROM raw_episodes{suffix}
    ) AS x
    LEFT JOIN collection AS c ON c.return_id = x.return_id
    LEFT JOIN ref_postcode AS hp ON hp.postcode = upper(replace(x.home_post, ' ', ''))
    LEFT JOIN ref_postcode AS pp ON pp.postcode = upper(replace(x.pl_post, ' ', ''))
) AS e
WINDOW w AS (PARTITION BY return_id, child ORDER BY decom NULLS LAST, row_number)
;
CREATE TABLE uasc{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {code:sex},
       {date:dob}, {date:duc}
FROM raw_uasc{suffix}
;
CREATE TABLE reviews{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {date:dob}, {date:review},
       {code:review_code}
FROM raw_reviews{suffix}
;
CREATE TABLE oc2{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {date:dob},
       nullif(trim(sdq_score), '') AS sdq_score_text,
       try_cast(nullif(trim(sdq_score), '') AS INTEGER) AS sdq_score,
       {code:sdq_reason}, nullif(trim(convicted), '') AS convicted,
       nullif(trim(health_check), '') AS health_check,
       nullif(trim(immunisations), '') AS immunisations,
       nullif(trim(teeth_check), '') AS teeth_check,
       nullif(trim(health_assessment), '') AS health_assessment,
       nullif(trim(substance_misuse), '') AS substance_misuse,
       nullif(trim(intervention_received), '') AS intervention_received,
       nullif(trim(intervention_offered), '') AS intervention_offered
FROM raw_oc2{suffix}
;
CREATE TABLE oc3{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {date:dob},
       {code:in_touch}, {code:activ},
       {code:accom}
FROM raw_oc3{suffix}
;
CREATE TABLE ad1{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {date:dob}, {date:date_int},
       {date:date_match}, nullif(trim(foster_care), '') AS foster_care,
       nullif(trim(nb_adoptr), '') AS nb_adoptr, {code:sex_adoptr},
       {code:ls_adoptr}
FROM raw_ad1{suffix}
;
CREATE TABLE placed_adoption{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {date:dob}, {date:date_placed},
       {date:date_placed_ceased},
       {code:reason_placed_ceased}
FROM raw_placed_adoption{suffix}
;
CREATE TABLE prev_perm{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {date:dob},
       {code:prev_perm}, nullif(trim(la_perm), '') AS la_perm,
       nullif(trim(date_perm), '') AS date_perm
FROM raw_prev_perm{suffix}
;
CREATE TABLE missing{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {date:dob},
       {code:missing}, {date:mis_start}, {date:mis_end}
FROM raw_missing{suffix}
;
CREATE TABLE sw_episodes{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {date:dob},
       nullif(trim(sw_id), '') AS sw_id, {date:sw_decom}, {date:sw_dec},
       {code:sw_reason}
FROM raw_sw_episodes{suffix}
;
CREATE TABLE dolo{suffix} AS
SELECT return_id, row_number, nullif(trim(child), '') AS child, {date:dob}, {date:dolo_start},
       {date:dolo_end}
FROM raw_dolo{suffix}

