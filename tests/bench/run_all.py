"""Run the four benchmarks and write tests/bench/RESULTS.md (see scripts/bench).

The defaults are the numbers of issue 8; smaller numbers are for quick runs.
"""

import argparse
import os
import platform
import re
import sys
from datetime import UTC, datetime

import bench_figures
import bench_planner
import bench_report
import bench_retention
from benchlib import BENCH_DIR, Database, Server, format_table, in_odoo, psql


def machine_facts():
    cpu = "unknown"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        mem_kb = int(info.readline().split()[1])
    pg = psql("SHOW server_version")
    release = os.path.join(os.environ["ODOO_SRC"], "odoo", "release.py")
    with open(release) as source:
        match = re.search(r"version_info = \(([^)]*)\)", source.read())
    parts = match.group(1).replace("'", "").replace(" ", "").split(",") if match else ["?"]
    odoo_version = ".".join(parts[:2])
    return [
        f"CPU: {cpu}, {os.cpu_count()} cores (nproc)",
        f"Memory: {mem_kb / 2**20:.1f} GiB",
        f"Python {platform.python_version()}, PostgreSQL {pg}, Odoo {odoo_version}",
        f"Kernel: {platform.platform()}",
    ]


def copy_db(db, suffix):
    copy = Database.__new__(Database)
    copy.name = f"{db.name}_{suffix}"
    copy.data_dir = db.data_dir
    copy.log_path = db.log_path
    psql(f'CREATE DATABASE "{copy.name}" TEMPLATE "{db.name}"')
    return copy


def main():  # noqa: PLR0912, PLR0915 (one linear driver)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=500, help="bench 1 submissions")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--figures", type=int, default=100_000, help="bench 2 reports")
    parser.add_argument("--retention", type=int, default=10_000, help="bench 3 reports")
    parser.add_argument("--batch-sizes", default="200,1000", help="bench 3 batch sizes")
    parser.add_argument("--sessions", type=int, default=5000, help="bench 4 sessions")
    parser.add_argument("--saves", type=int, default=200, help="bench 4 timed saves")
    parser.add_argument("--only", action="append", choices=["1", "2", "3", "4"])
    parser.add_argument("--output", default=str(BENCH_DIR / "RESULTS.md"))
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    only = set(args.only or ["1", "2", "3", "4"])
    started = datetime.now(UTC)
    table = []
    notes = []
    db = Database()
    copies = []
    try:
        print(f"database {db.name}", flush=True)
        if "2" in only:
            print(f"bench 2: generating {args.figures} reports...", flush=True)
            in_odoo(db, "bench_figures", "generate", n=args.figures)
        planner_data = None
        if "4" in only:
            print(f"bench 4: generating {args.sessions} sessions...", flush=True)
            planner_data = in_odoo(
                db, "bench_planner", "generate", sessions=args.sessions, saves=args.saves
            )
        if "1" in only:
            data = in_odoo(db, "bench_report", "setup")
            server = Server(db, cron_threads=1)
            try:
                print(
                    f"bench 1: {args.reports} reports + {args.reports} anchors "
                    f"at concurrency {args.concurrency} on {server.url} "
                    "(2 workers, 1 cron worker)...",
                    flush=True,
                )
                result = bench_report.run(
                    server.url,
                    db.name,
                    os.environ["MDD_DB_USER"],
                    data,
                    n=args.reports,
                    concurrency=args.concurrency,
                )
                result["drain"] = bench_report.wait_after_intake(db.name, os.environ["MDD_DB_USER"])
            finally:
                server.stop()
            stored = in_odoo(db, "bench_report", "count_stored", mails_before=data["mails_before"])
            table += bench_report.rows(result, stored)
            print(format_table(table[-1:]), flush=True)
        if "2" in only:
            print("bench 2: measuring...", flush=True)
            result = in_odoo(db, "bench_figures", "measure")
            if result["mismatches"]:
                notes.append("Bench 2: numbers differ for " + ", ".join(result["mismatches"]))
            table += bench_figures.rows(result)
            print(format_table(table[-1:]), flush=True)
        if "4" in only:
            print("bench 4: measuring...", flush=True)
            result = in_odoo(db, "bench_planner", "measure", **planner_data)
            if result["conflicts"]:
                notes.append(f"Bench 4: {result['conflicts']} unexpected conflicts found.")
            table += bench_planner.rows(result)
            print(format_table(table[-1:]), flush=True)
        if "3" in only:
            has_job = in_odoo(db, "bench_retention", "available")
            results = None
            if has_job:
                print(f"bench 3: generating {args.retention} expired reports...", flush=True)
                in_odoo(db, "bench_retention", "generate", n=args.retention)
                results = []
                for size in [int(s) for s in args.batch_sizes.split(",")]:
                    copy = copy_db(db, f"b{size}")
                    copies.append(copy)
                    print(f"bench 3: retention job, batch size {size}...", flush=True)
                    results.append(in_odoo(copy, "bench_retention", "measure", batch_size=size))
                    copy.drop()
                    copies.remove(copy)
            else:
                notes.append(
                    "Bench 3: the retention job (issue 7) does not exist in this tree: "
                    "not measured."
                )
            table += bench_retention.rows(args.retention, results)
            print(format_table(table[-len(results or [None]) :]), flush=True)
    finally:
        for copy in copies:
            copy.drop()
        if not args.keep_db:
            db.drop()
    text = format_table(table)
    print()
    print(text)
    write_results(args, started, text, notes)
    return 0


def write_results(args, started, table, notes):
    """RESULTS.md: date, machine, table; the analysis is kept from ANALYSIS.md."""
    lines = [
        "# Benchmark results (issue 8)",
        "",
        f"Run: {started:%Y-%m-%d %H:%M} UTC with `scripts/bench " + " ".join(sys.argv[1:]) + "`",
        "",
        *[f"- {fact}" for fact in machine_facts()],
        "",
        f"Sizes: bench 1 {args.reports} submissions + {args.reports} anchors at concurrency "
        f"{args.concurrency}; bench 2 {args.figures} reports; bench 3 {args.retention} "
        f"expired reports, batch sizes {args.batch_sizes}; bench 4 {args.sessions} sessions, "
        f"{args.saves} saves.",
        "",
        table,
        "",
    ]
    if notes:
        lines += ["## Notes of this run", "", *[f"- {n}" for n in notes], ""]
    analysis = BENCH_DIR / "ANALYSIS.md"
    if analysis.exists():
        lines += [analysis.read_text().rstrip(), ""]
    with open(args.output, "w") as out:
        out.write("\n".join(lines))
    print(f"\nwrote {args.output}")


if __name__ == "__main__":
    sys.exit(main())
