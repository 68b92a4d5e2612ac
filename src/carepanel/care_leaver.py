"""Care-leaver status of every young person on any date, from the history of their care.

A council's duties to a young person who has been in its care depend on which of the
Children Act 1989 categories they fall in on a given day, so Panels ask "how many care
leavers do we have" ("218 care leavers over 18", Thurrock 2019) and the answer has to be
worked out, not looked up: no return states it. The categories (Children Act 1989 Sch 2
para 19B, s23A and s23C; Care Planning, Placement and Case Review (England) Regulations 2010
reg 40; indicator_methodology.md section 7) are:

* **eligible**: aged 16 or 17, still looked after, and looked after for at least 13 weeks
  (91 days; in one period or several) since their 14th birthday, some of it after their
  16th. Short breaks (legal status V3, V4) do not count towards the 13 weeks.
* **relevant**: aged 16 or 17, no longer looked after, and eligible when they last left.
* **former relevant**: aged 18 up to their 25th birthday, and eligible or relevant on the
  day before their 18th birthday (still looked after then, or left care as an eligible
  child).

How the history is read (choices the law leaves to the data, each stated in the SQL):

* Days looked after are counted from DECOM up to the day before DEC (the day care ceased is
  not a day in care); an open episode counts up to the date asked about.
* Young people whose care ended with REC E2 (died) are not care leavers; nor are those whose
  care was taken over by another council (E3), who are that council's care leavers.
* A child who leaves care to live with a parent or someone with parental responsibility
  (adoption E11/E12, a special guardianship or child arrangements order E41/E43-E48,
  returned home E4A/E4B) stops being a relevant child once they have lived there for 6
  months (Care Leavers (England) Regulations 2010 reg 3); the history only knows when they
  left, so that is counted from the day they left.
* A history rarely reaches back to a 24-year-old's 16th birthday. A young person in the
  OC3 table of any return dated on or before the date (the DfE collects OC3 only for those
  who left care as eligible children) counts as having left care as an eligible child even
  where the episodes loaded do not show it; one recorded there as having died (IN_TOUCH
  DIED) is no longer counted.

The SQL is registered on the connection as a table macro, so an analyst can run
``SELECT * FROM care_leaver_status(DATE '2025-03-31')`` and see, for each young person aged
16 to 24, the day they were tested on, the days counted and why they have the status they
have. ``statuses`` returns child-level rows (analysts only); ``counts`` returns the
aggregate a Panel sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

import duckdb

from carepanel import cohorts

STATUSES = ("eligible", "relevant", "former_relevant")
LABELS = {
    "eligible": "eligible (16-17, still looked after)",
    "relevant": "relevant (16-17, left care)",
    "former_relevant": "former relevant (18-24)",
}
THIRTEEN_WEEKS = 91  # days
AGES = range(16, 25)  # 16 up to the 25th birthday

# Scalar helpers: an age in whole years (a birthday counts on the day, indicators.md
# decision 8, as in cohorts/sql/05_at_end.sql) and the day someone turns ``years`` old
# (someone born on 29 February turns a year older on 1 March in other years, as that age
# rule has it).
HELPERS_SQL = """
CREATE OR REPLACE TEMP MACRO age_on(dob, on_day) AS
    CAST(year(on_day) - year(dob)
         - CASE WHEN month(on_day) * 100 + day(on_day) < month(dob) * 100 + day(dob)
                THEN 1 ELSE 0 END AS INTEGER);

CREATE OR REPLACE TEMP MACRO nth_birthday(dob, years) AS
    CAST(dob + to_years(CAST(years AS INTEGER)) AS DATE)
    + CASE WHEN day(CAST(dob + to_years(CAST(years AS INTEGER)) AS DATE)) < day(dob)
           THEN 1 ELSE 0 END;
"""

# care_leaver_status(on_date): one row per young person aged 16 to 24 on the date (with a
# known date of birth), with ``status`` eligible / relevant / former_relevant, or NULL when
# they are not a care leaver, and the facts the status was decided on.
STATUS_SQL = f"""
CREATE OR REPLACE TEMP MACRO care_leaver_status(on_date) AS TABLE
WITH young_person AS (
    -- everyone aged 16 to 24 on the date, and the birthdays the definitions turn on
    SELECT la_code, child, dob,
           age_on(dob, CAST(on_date AS DATE)) AS age,
           nth_birthday(dob, 14) AS turned_14,
           nth_birthday(dob, 16) AS turned_16,
           nth_birthday(dob, 18) AS turned_18
    FROM child
    WHERE dob IS NOT NULL
      AND age_on(dob, CAST(on_date AS DATE)) BETWEEN 16 AND 24
), tested AS (
    -- the day each is tested on: at 16 or 17 the date itself; from 18, the day before
    -- their 18th birthday, since what they were then decides what they are now
    SELECT *,
           CASE WHEN age < 18 THEN CAST(on_date AS DATE)
                ELSE CAST(turned_18 - 1 AS DATE) END AS test_day
    FROM young_person
), care AS (
    -- every episode of care except short breaks (V3, V4), which never count
    SELECT la_code, "child" AS child, "decom" AS first_day, "dec" AS left_on, "rec" AS rec
    FROM episodes
    WHERE "ls" NOT IN ('V3', 'V4')
), care_to_test_day AS (
    -- care up to the test day: looked after on it? days looked after since turning 14
    -- (DECOM up to the day before DEC, or up to the test day itself); when not looked
    -- after, the day they last left and why
    SELECT t.la_code, t.child,
           bool_or(c.left_on IS NULL OR c.left_on > t.test_day) AS looked_after,
           sum(greatest(0, least(coalesce(c.left_on, t.test_day + 1), t.test_day + 1)
                           - greatest(c.first_day, t.turned_14))) AS days_since_14,
           max(c.left_on) AS last_left,
           arg_max(c.rec, c.left_on) AS last_left_reason
    FROM tested AS t
    JOIN care AS c ON c.la_code = t.la_code AND c.child = t.child
    WHERE c.first_day <= t.test_day
    GROUP BY t.la_code, t.child
), in_oc3 AS (
    -- in the OC3 (care leavers) table of a return dated on or before the date
    SELECT la_code, "child" AS child, bool_or("in_touch" = 'DIED') AS recorded_died
    FROM oc3
    WHERE reference_date <= CAST(on_date AS DATE)
    GROUP BY la_code, "child"
), died AS (
    SELECT DISTINCT la_code, "child" AS child
    FROM episodes
    WHERE "rec" = 'E2' AND "dec" <= CAST(on_date AS DATE)
), facts AS (
    SELECT t.la_code, t.child, t.age, t.test_day,
           coalesce(c.looked_after, FALSE) AS looked_after,
           coalesce(c.days_since_14, 0) AS days_since_14,
           CASE WHEN NOT coalesce(c.looked_after, FALSE) THEN c.last_left END AS last_left,
           CASE WHEN NOT coalesce(c.looked_after, FALSE) THEN c.last_left_reason END
             AS last_left_reason,
           t.turned_16,
           o.child IS NOT NULL AS in_oc3,
           d.child IS NOT NULL OR coalesce(o.recorded_died, FALSE) AS died
    FROM tested AS t
    LEFT JOIN care_to_test_day AS c ON c.la_code = t.la_code AND c.child = t.child
    LEFT JOIN in_oc3 AS o ON o.la_code = t.la_code AND o.child = t.child
    LEFT JOIN died AS d ON d.la_code = t.la_code AND d.child = t.child
), judged AS (
    SELECT *,
           -- eligible on the test day: looked after then, 13 weeks since turning 14 (the
           -- test day is after the 16th birthday, so some of it is after 16)
           looked_after AND days_since_14 >= {THIRTEEN_WEEKS} AS eligible_then,
           -- left care as an eligible child: last in care on or after the 16th birthday
           -- with 13 weeks since turning 14 (or in OC3), not handed to another council,
           -- and not settled for 6 months with a parent or someone with parental
           -- responsibility
           NOT looked_after
           AND ((last_left > turned_16 AND days_since_14 >= {THIRTEEN_WEEKS}) OR in_oc3)
           AND coalesce(last_left_reason, '') <> 'E3'
           AND NOT (coalesce(last_left_reason, '') IN
                        ('E11', 'E12', 'E41', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48',
                         'E4A', 'E4B')
                    AND test_day >= CAST(last_left + INTERVAL 6 MONTH AS DATE))
             AS left_eligible
    FROM facts
)
SELECT la_code, child, age,
       CASE WHEN died THEN NULL
            WHEN age < 18 AND eligible_then THEN 'eligible'
            WHEN age < 18 AND left_eligible THEN 'relevant'
            WHEN eligible_then OR left_eligible THEN 'former_relevant'
       END AS status,
       test_day, looked_after, days_since_14, last_left, last_left_reason, in_oc3, died
FROM judged
"""


class StatusRow(NamedTuple):
    """One young person's status (child-level: for analysts, never for Panels)."""

    la_code: str
    child: str
    age: int
    status: str


class CountRow(NamedTuple):
    """How many young people of one council, status and age: what a Panel sees."""

    la_code: str
    status: str
    age: int
    young_people: int


def register(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``child`` table and the ``care_leaver_status(on_date)`` table macro.

    ``child`` is the cohorts' own (``cohorts/sql/01_child.sql``), made the same way the
    indicators make it, so a status and an indicator always work from the same date of
    birth and can share a connection.
    """
    con.execute(cohorts.materialised(dict(cohorts.sql_files())["01_child.sql"]))
    con.execute(HELPERS_SQL)
    con.execute(STATUS_SQL)


def _la_filter(la_codes: Iterable[str] | None) -> tuple[str, list]:
    if la_codes is None:
        return "", []
    return " AND la_code IN (SELECT unnest(CAST(? AS VARCHAR[])))", [list(la_codes)]


def statuses(con: duckdb.DuckDBPyConnection, on: dt.date,
             la_codes: Iterable[str] | None = None) -> list[StatusRow]:
    """Every care leaver (eligible, relevant or former relevant) on ``on``, child by child.

    Young people who are none of these are left out. Child identifiers: analysts only.
    """
    register(con)
    where, params = _la_filter(la_codes)
    rows = con.execute(
        "SELECT la_code, child, age, status FROM care_leaver_status(CAST(? AS DATE)) "
        f"WHERE status IS NOT NULL{where} ORDER BY la_code, status, age, child",
        [on, *params]).fetchall()
    return [StatusRow(*r) for r in rows]


def counts(con: duckdb.DuckDBPyConnection, on: dt.date,
           la_codes: Iterable[str] | None = None) -> list[CountRow]:
    """Care leavers on ``on`` counted by council, status and age (only non-zero counts)."""
    register(con)
    where, params = _la_filter(la_codes)
    rows = con.execute(
        "SELECT la_code, status, age, count(*) FROM care_leaver_status(CAST(? AS DATE)) "
        f"WHERE status IS NOT NULL{where} GROUP BY la_code, status, age "
        "ORDER BY la_code, status, age",
        [on, *params]).fetchall()
    return [CountRow(la, status, age, int(n)) for la, status, age, n in rows]
