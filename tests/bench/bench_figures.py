"""Bench 2: yearly Wga figures plus the ground breakdown on many reports.

Generates ``n`` reports over 10 years and the 12 municipalities with one
INSERT ... SELECT (plus their grounds), then times, for every year, the
add-on's API (``mdd.wga.figures._figures`` with the ground breakdown:
what the CSV and the portal use) against one hand-written SQL GROUP BY on the
raw tables (the floor), and checks that the numbers are equal.
"""

import time

from benchlib import median, ms, p95, row

YEARS = 10
REPEAT = 3


def generate(env, n):
    cr = env.cr
    ticket = env["helpdesk.ticket"]
    field = ticket._fields["ground_ids"]
    team = env["helpdesk.ticket.team"]._mdd_default_bureau()
    company = env.company
    last_year = env.cr.now().year - 1
    cr.execute(
        """
        INSERT INTO helpdesk_ticket (name, description, company_id, team_id, active,
                                     is_mdd_report, counts_in_figures, incident_date,
                                     residence_municipality_id, incident_municipality_id,
                                     incident_location_na, create_date, write_date)
        SELECT 'bench ' || i, '<p>bench</p>', %(company)s, %(team)s, TRUE, TRUE,
               i %% 17 <> 0,
               CASE WHEN i %% 9 = 0 THEN NULL
                    ELSE make_date(%(first)s + i %% %(years)s, 1, 1) + (i * 7) %% 365 END,
               CASE WHEN i %% 5 = 0 THEN NULL
                    ELSE (SELECT array_agg(id ORDER BY id) FROM mdd_municipality)[1 + i %% 12] END,
               (SELECT array_agg(id ORDER BY id) FROM mdd_municipality)[1 + (i * 7) %% 12],
               i %% 11 = 0,
               make_timestamp(%(first)s + i %% %(years)s, 1 + (i * 3) %% 12, 10, 12, 0, 0),
               now()
          FROM generate_series(1, %(n)s) i
        """,
        {
            "company": company.id,
            "team": team.id,
            "first": last_year - YEARS + 1,
            "years": YEARS,
            "n": n,
        },
    )
    # One or two grounds per report (sub-grounds too: counted by main ground).
    cr.execute(
        f"""
        WITH g AS (SELECT array_agg(id ORDER BY id) a, count(*) c FROM mdd_ground),
             t AS (SELECT id FROM helpdesk_ticket WHERE name LIKE 'bench %')
        INSERT INTO "{field.relation}" ("{field.column1}", "{field.column2}")
        SELECT DISTINCT t.id, g.a[1 + (t.id * k) % g.c]
          FROM t, g, generate_series(1, 1 + t.id % 2) k
        """
    )
    cr.execute("ANALYZE helpdesk_ticket")
    cr.execute(f'ANALYZE "{field.relation}"')
    return {"first": last_year - YEARS + 1, "last": last_year}


FLOOR_SQL = """
WITH r AS (
    SELECT t.id, COALESCE(t.incident_date,
               ((t.create_date AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS d,
           t.residence_municipality_id AS res,
           CASE WHEN t.incident_location_na THEN NULL ELSE t.incident_municipality_id END AS inc
      FROM helpdesk_ticket t
      LEFT JOIN mdd_incident i ON i.id = t.incident_id
     WHERE t.is_mdd_report AND t.active AND t.counts_in_figures
       AND NOT COALESCE(i.is_mass_report, FALSE)
), l AS (
    SELECT id, d, res AS m, CASE WHEN inc = res THEN 1 ELSE 2 END AS col
      FROM r WHERE res IS NOT NULL
    UNION ALL
    SELECT id, d, inc, 3 FROM r WHERE inc IS NOT NULL AND inc IS DISTINCT FROM res
)
SELECT GROUPING(l.col) AS by_ground, l.m, l.col,
       split_part(g.parent_path, '/', 1)::integer AS ground, COUNT(DISTINCT l.id)
  FROM l
  LEFT JOIN "{rel}" rel ON rel."{c1}" = l.id
  LEFT JOIN mdd_ground g ON g.id = rel."{c2}"
 WHERE l.d >= %s AND l.d < %s
 GROUP BY GROUPING SETS ((l.m, l.col), (l.m, split_part(g.parent_path, '/', 1)::integer))
"""


def timed_years(env, api, floor_sql, times):
    """For every year: ``api(year)`` and ``floor_sql`` on the year's dates,
    REPEAT times each with an empty cache, their seconds added to
    ``times["api"]`` and ``times["floor"]``. Yields ``(year, api result,
    floor rows)`` of the last repetition."""
    last = env.cr.now().year - 1
    for year in range(last - YEARS + 1, last + 1):
        for __ in range(REPEAT):
            env.invalidate_all()
            start = time.perf_counter()
            result = api(year)
            times["api"].append(time.perf_counter() - start)
            start = time.perf_counter()
            env.cr.execute(floor_sql, (f"{year}-01-01", f"{year + 1}-01-01"))
            floor_rows = env.cr.fetchall()
            times["floor"].append(time.perf_counter() - start)
        yield year, result, floor_rows


def report_count(env):
    env.cr.execute("SELECT count(*) FROM helpdesk_ticket WHERE is_mdd_report")
    return env.cr.fetchone()[0]


def measure(env):
    """Time the API and the floor for every year; compare the numbers."""
    Figures = env["mdd.wga.figures"]
    municipalities = env["mdd.municipality"].search([], order="name, id")
    field = env["helpdesk.ticket"]._fields["ground_ids"]
    floor_sql = FLOOR_SQL.format(rel=field.relation, c1=field.column1, c2=field.column2)
    keys = ["inwoners_in_gemeente", "inwoners_elders", "niet_inwoners_in_gemeente"]
    result = {"reports": report_count(env), "api": [], "floor": [], "mismatches": []}
    years = timed_years(
        env,
        lambda year: Figures._figures(municipalities, year, breakdowns=("ground",)),
        floor_sql,
        result,
    )
    for year, figures, rows in years:
        # Same numbers? (unsuppressed counts; the ground breakdown by label)
        names = dict(Figures._labels("ground", {r[3] for r in rows if r[3]}))
        expected = {m.id: (dict.fromkeys(keys, 0), {}) for m in municipalities}
        for by_ground, municipality, col, ground, count in rows:
            if municipality not in expected:
                continue
            if by_ground:
                expected[municipality][1][names.get(ground, ground)] = count
            else:
                expected[municipality][0][keys[col - 1]] = count
        for item in figures:
            columns, grounds = expected[item["municipality"].id]
            got = dict(item["breakdowns"]["ground"])
            if item["columns"] != columns or got != grounds:
                result["mismatches"].append(f"{year} {item['municipality'].name}")
    return result


def floor_row(name, n, result):
    """The table row of a figures bench against its SQL floor."""
    api, flo = result["api"], result["floor"]
    ratio = median(api) / median(flo)
    met = ratio <= 3 and p95(api) < 1 and not result["mismatches"]
    return row(
        name,
        n,
        med=ms(median(api)),
        p_95=ms(p95(api)),
        anchor=f"{ms(median(flo))} (SQL floor)",
        ratio=f"{ratio:.2f}x",
        goal="<=3x floor, <1 s, equal",
        met=("YES" if met else "NO")
        + (f" ({len(result['mismatches'])} differ)" if result["mismatches"] else ""),
    )


def rows(result):
    return [
        floor_row(
            "2 Wga figures + grounds (one year, 12 municipalities)",
            f"{len(result['api'])} runs, {result['reports']} reports",
            result,
        )
    ]
