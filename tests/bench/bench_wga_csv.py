"""Bench 7: the Wga CSV at national scale (1 000 000 reports over 10 years).

Runs on its own copy of the database: bench 2's generator (one INSERT ...
SELECT plus the grounds) makes ``n`` reports, timed. Then, for every year,
times the CSV export of the 12 municipalities (``mdd.wga.figures._csv``,
what the wizard's download returns) against the floor: bench 2's
hand-written query without its ground grouping set (the CSV has no ground
breakdown), and checks that the unsuppressed column counts are equal.
"""

import time

from bench_figures import FLOOR_SQL, floor_row, report_count, timed_years
from bench_figures import generate as generate_reports

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
    result = {"reports": report_count(env), "api": [], "floor": [], "mismatches": []}
    years = timed_years(env, lambda year: Figures._csv(municipalities, year), FLOOR_CSV_SQL, result)
    for year, data, counts in years:
        if not data or data.count(b"\n") != len(municipalities) + 1:
            result["mismatches"].append(f"{year} CSV lines")
        expected = {m.id: dict.fromkeys(keys, 0) for m in municipalities}
        for municipality, col, count in counts:
            if municipality in expected:
                expected[municipality][keys[col - 1]] = count
        for item in Figures._figures(municipalities, year, breakdowns=()):
            if item["columns"] != expected[item["municipality"].id]:
                result["mismatches"].append(f"{year} {item['municipality'].name}")
    return result


def rows(result, generated):
    return [
        floor_row(
            "7 Wga CSV (one year, 12 municipalities)",
            f"{len(result['api'])} runs, {result['reports']} reports "
            f"(generated in {generated['seconds']:.0f} s)",
            result,
        )
    ]
