"""Bench 7: the Wga CSV at national scale (1 000 000 reports over 10 years).

Runs on its own copy of the database: bench 2's generator (one INSERT ...
SELECT plus the grounds) makes ``n`` reports, timed. Then, for every year,
times the CSV export of the 12 municipalities (``mdd.wga.figures._csv``,
what the wizard's download returns) against the floor: bench 2's
hand-written query without its ground grouping set (the CSV has no ground
breakdown), and checks that the unsuppressed column counts are equal.
"""

import time

from bench_figures import FLOOR_SQL, YEARS
from bench_figures import generate as generate_reports
from benchlib import median, ms, p95, row

REPEAT = 3
# Bench 2's floor, the column counts only.
FLOOR_CSV_SQL = FLOOR_SQL.split("SELECT GROUPING")[0] + (
    """SELECT l.m, l.col, COUNT(DISTINCT l.id)
  FROM l
 WHERE l.d >= %s AND l.d < %s
 GROUP BY l.m, l.col
"""
)


def generate(env, n):
    start = time.perf_counter()
    years = generate_reports(env, n)
    return {**years, "seconds": time.perf_counter() - start}


def measure(env, **__):
    Figures = env["mdd.wga.figures"]
    municipalities = env["mdd.municipality"].search([], order="id", limit=12)
    keys = ["inwoners_in_gemeente", "inwoners_elders", "niet_inwoners_in_gemeente"]
    env.cr.execute("SELECT count(*) FROM helpdesk_ticket WHERE is_mdd_report")
    reports = env.cr.fetchone()[0]
    last = env.cr.now().year - 1
    api_times, floor_times, mismatches = [], [], []
    for year in range(last - YEARS + 1, last + 1):
        for __ in range(REPEAT):
            env.invalidate_all()
            start = time.perf_counter()
            data = Figures._csv(municipalities, year)
            api_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            env.cr.execute(FLOOR_CSV_SQL, (f"{year}-01-01", f"{year + 1}-01-01"))
            counts = env.cr.fetchall()
            floor_times.append(time.perf_counter() - start)
        if not data or data.count(b"\n") != len(municipalities) + 1:
            mismatches.append(f"{year} CSV lines")
        expected = {m.id: dict.fromkeys(keys, 0) for m in municipalities}
        for municipality, col, count in counts:
            if municipality in expected:
                expected[municipality][keys[col - 1]] = count
        for item in Figures._figures(municipalities, year, breakdowns=()):
            if item["columns"] != expected[item["municipality"].id]:
                mismatches.append(f"{year} {item['municipality'].name}")
    return {"reports": reports, "api": api_times, "floor": floor_times, "mismatches": mismatches}


def rows(result, generated):
    api, flo = result["api"], result["floor"]
    ratio = median(api) / median(flo)
    met = ratio <= 3 and p95(api) < 1 and not result["mismatches"]
    return [
        row(
            "7 Wga CSV (one year, 12 municipalities)",
            f"{len(api)} runs, {result['reports']} reports "
            f"(generated in {generated['seconds']:.0f} s)",
            med=ms(median(api)),
            p_95=ms(p95(api)),
            anchor=f"{ms(median(flo))} (SQL floor)",
            ratio=f"{ratio:.2f}x",
            goal="<=3x floor, <1 s, equal",
            met=("YES" if met else "NO")
            + (f" ({len(result['mismatches'])} differ)" if result["mismatches"] else ""),
        )
    ]
