"""Run the benchmarks and write tests/bench/RESULTS.md (see scripts/bench).

The defaults are the numbers of issues 8 and 16; ``--quick`` takes small
numbers for a smoke run (scripts/test --only bench), which checks counts,
errors and equal figures, not the speed goals, and prints
"benches: N passed, N failed".
"""

import argparse
import os
import platform
import re
import shutil
import sys
import traceback
from datetime import UTC, datetime

import bench_burst
import bench_figures
import bench_planner
import bench_report
import bench_retention
import bench_screens
import bench_wga_csv
import benchlib
from benchlib import (
    BENCH_DIR,
    Database,
    Server,
    format_table,
    in_odoo,
    production_processes,
    psql,
    wait_intake_done,
)


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
    """A copy of ``db`` (database and filestore) for a bench of its own."""
    copy = Database.__new__(Database)
    copy.name = f"{db.name}_{suffix}"
    copy.data_dir = db.data_dir
    copy.log_path = db.log_path
    psql(f'CREATE DATABASE "{copy.name}" TEMPLATE "{db.name}"')
    filestore = db.data_dir / "filestore" / db.name
    if filestore.is_dir():
        shutil.copytree(filestore, db.data_dir / "filestore" / copy.name)
    return copy


QUICK = {
    "reports": 20,
    "concurrency": 4,
    "figures": 2000,
    "retention": 200,
    "batch_sizes": "50,100",
    "sessions": 200,
    "saves": 20,
    "burst": 40,
    "burst_concurrency": 8,
    "screens": 3000,
    "screens_repeat": 2,
    "csv": 5000,
}
BENCHES = ["1", "2", "3", "4", "5", "6", "7"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=500, help="bench 1 submissions")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--figures", type=int, default=100_000, help="bench 2 reports")
    parser.add_argument("--retention", type=int, default=10_000, help="bench 3 reports")
    parser.add_argument("--batch-sizes", default="200,1000", help="bench 3 batch sizes")
    parser.add_argument("--sessions", type=int, default=5000, help="bench 4 sessions")
    parser.add_argument("--saves", type=int, default=200, help="bench 4 timed saves")
    parser.add_argument("--burst", type=int, default=1000, help="bench 5 submissions")
    parser.add_argument("--burst-concurrency", type=int, default=16)
    parser.add_argument("--screens", type=int, default=100_000, help="bench 6 reports")
    parser.add_argument("--screens-repeat", type=int, default=11, help="bench 6 runs per call")
    parser.add_argument("--csv", type=int, default=1_000_000, help="bench 7 reports")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes for a smoke run: checks counts and equal figures, not speed",
    )
    parser.add_argument("--only", action="append", choices=BENCHES)
    parser.add_argument("--output", default=str(BENCH_DIR / "RESULTS.md"))
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--db-prefix", help=f"prefix of the throwaway databases (default {benchlib.DB_PREFIX})"
    )
    parser.add_argument("--ports", help=f"port range of the servers (default {benchlib.PORTS})")
    args = parser.parse_args()
    if args.quick:
        defaults = parser.parse_args([])
        for name, value in QUICK.items():
            if getattr(args, name) == getattr(defaults, name):
                setattr(args, name, value)
    if args.db_prefix:
        benchlib.DB_PREFIX = args.db_prefix
    if args.ports:
        benchlib.PORTS = args.ports
    return args


class Run:
    """The table, the notes and each bench's smoke result (passed or failed)."""

    def __init__(self, quick):
        self.quick = quick
        self.table = []
        self.notes = []
        self.appendix = []
        self.outcome = {}

    def add(self, rows):
        self.table += rows
        print(format_table(rows), flush=True)

    def check(self, bench, ok, why=""):
        self.outcome[bench] = self.outcome.get(bench, True) and bool(ok)
        if not ok:
            self.notes.append(f"Bench {bench}: {why}")
            print(f"bench {bench}: FAILED: {why}", flush=True)

    def guarded(self, bench, func, *args):
        try:
            func(*args)
        except Exception as exc:  # one bench's failure must not hide the others
            traceback.print_exc()
            self.check(bench, False, f"did not run to its end ({type(exc).__name__})")


def bench_1(run, args, db):
    data = in_odoo(db, "bench_report", "setup")
    # One cron worker, as in production: the after-intake job runs during the
    # measurement, on the same cores.
    server = Server(db, cron_threads=1)
    try:
        print(
            f"bench 1: {args.reports} reports + {args.reports} anchors "
            f"at concurrency {args.concurrency} on {server.url} (2 workers, 1 cron worker)...",
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
        result["drain"] = wait_intake_done(db.name)
    finally:
        server.stop()
    stored = in_odoo(db, "bench_report", "count_stored", mails_before=data["mails_before"])
    run.add(bench_report.rows(result, stored))
    errors = result["errors"]
    run.check("1", not errors["report"] and not errors["anchor"], f"errors {errors}")
    run.check(
        "1",
        not (stored["pending"] or stored["missing"] or stored["duplicated"]),
        f"confirmations: {stored['pending']} pending, {stored['missing']} missing, "
        f"{stored['duplicated']} twice",
    )


def bench_2(run, db):
    print("bench 2: measuring...", flush=True)
    result = in_odoo(db, "bench_figures", "measure")
    run.check("2", not result["mismatches"], "numbers differ: " + ", ".join(result["mismatches"]))
    run.add(bench_figures.rows(result))


def bench_4(run, db, planner_data):
    print("bench 4: measuring...", flush=True)
    result = in_odoo(db, "bench_planner", "measure", **planner_data)
    run.check("4", not result["conflicts"], f"{result['conflicts']} unexpected conflicts found.")
    run.add(bench_planner.rows(result))


def bench_3(run, args, db, copies):
    if not in_odoo(db, "bench_retention", "available"):
        run.notes.append(
            "Bench 3: the retention job (issue 7) does not exist in this tree: not measured."
        )
        run.add(bench_retention.rows(args.retention, None))
        return
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
    run.add(bench_retention.rows(args.retention, results))
    left = [r.get("left", 0) for r in results]
    run.check("3", not any(left), f"reports left after the job: {left}")


def bench_5(run, args, db):
    data = in_odoo(db, "bench_burst", "setup")
    workers, cron_threads = production_processes()
    server = Server(db, workers=workers, cron_threads=cron_threads)
    try:
        print(
            f"bench 5: {args.burst} anchors, then a burst of {args.burst} reports at "
            f"concurrency {args.burst_concurrency} on {server.url} "
            f"({workers} workers, {cron_threads} cron thread)...",
            flush=True,
        )
        result = bench_burst.run(server.url, data, n=args.burst, concurrency=args.burst_concurrency)
        waited = wait_intake_done(db.name)
    finally:
        server.stop()
    report = result["report"]
    stored = in_odoo(
        db, "bench_burst", "check", first_id=data["first_id"], numbers=report["numbers"]
    )
    run.add(bench_burst.rows(result, stored, workers))
    for phase in ("report", "anchor"):
        for reason, count in result[phase]["failures"].items():
            run.notes.append(f"Bench 5 ({phase}): {count} x {reason}")
    if waited:
        run.notes.append(f"Bench 5: the after-intake cron finished {waited:.0f} s after the burst.")
    errors = report["errors"] + result["anchor"]["errors"]
    counts_ok = (
        stored["stored"] == len(report["numbers"]) == args.burst
        and not stored["duplicates"]
        and not stored["lost"]
        and not stored["without_receipt"]
        and stored["mails"] == stored["stored"]
        and not stored["reports_without_mail"]
    )
    run.check("5", not errors and counts_ok, f"errors {errors}, stored {stored}")


def bench_6(run, args, db):
    print(f"bench 6: generating {args.screens} reports, bureaus and staff...", flush=True)
    data = in_odoo(db, "bench_screens", "generate", n=args.screens)
    print("bench 6: measuring the staff screens...", flush=True)
    result = in_odoo(db, "bench_screens", "measure", repeat=args.screens_repeat, **data)
    run.add(bench_screens.rows(result))
    run.appendix += [
        "## SQL of bench 6 (this run)",
        "",
        "Queries of one call (empty record cache) and the time PostgreSQL took for them.",
        "",
        bench_screens.sql_markdown(result),
        "## Query plans of bench 6 (this run)",
        "",
        "The page query (ORDER BY ... LIMIT 80) of the list call, with the record "
        "rules and as sudo, with `EXPLAIN ANALYZE`.",
        "",
        bench_screens.plans_markdown(result["plans"]),
    ]
    visible = {item["role"]: item["visible"] for item in result["results"]}
    run.check(
        "6",
        0 < visible["handler"] < visible["coordinator"] == result["reports"],
        f"reports visible {visible} of {result['reports']}",
    )


def bench_7(run, args, db):
    print(f"bench 7: generating {args.csv} reports...", flush=True)
    generated = in_odoo(db, "bench_wga_csv", "generate", n=args.csv)
    print(f"bench 7: generated in {generated['seconds']:.0f} s; measuring...", flush=True)
    result = in_odoo(db, "bench_wga_csv", "measure")
    run.add(bench_wga_csv.rows(result, generated))
    run.check("7", not result["mismatches"], "numbers differ: " + ", ".join(result["mismatches"]))


def main():  # noqa: PLR0912, PLR0915 (one linear driver)
    args = parse_args()
    only = set(args.only or BENCHES)
    started = datetime.now(UTC)
    run = Run(args.quick)
    db = Database()
    copies = []
    try:
        print(f"database {db.name}", flush=True)
        # Benches 5-7 get copies of the fresh database (their own data, a cron).
        own = {}
        for bench, suffix in (("5", "burst"), ("6", "screens"), ("7", "csv")):
            if bench in only:
                own[bench] = copy_db(db, suffix)
                copies.append(own[bench])
        planner_data = None
        if "2" in only:
            print(f"bench 2: generating {args.figures} reports...", flush=True)
            run.guarded("2", lambda: in_odoo(db, "bench_figures", "generate", n=args.figures))
        if "4" in only:
            print(f"bench 4: generating {args.sessions} sessions...", flush=True)
            try:
                planner_data = in_odoo(
                    db, "bench_planner", "generate", sessions=args.sessions, saves=args.saves
                )
            except Exception:
                traceback.print_exc()
                run.check("4", False, "could not generate the sessions")
        if "1" in only:
            run.guarded("1", bench_1, run, args, db)
        if "2" in only and run.outcome.get("2", True):
            run.guarded("2", bench_2, run, db)
        if planner_data:
            run.guarded("4", bench_4, run, db, planner_data)
        if "3" in only:
            run.guarded("3", bench_3, run, args, db, copies)
        if "5" in only:
            run.guarded("5", bench_5, run, args, own["5"])
        if "6" in only:
            run.guarded("6", bench_6, run, args, own["6"])
        if "7" in only:
            run.guarded("7", bench_7, run, args, own["7"])
    finally:
        if not args.keep_db:
            for copy in copies:
                copy.drop()
            db.drop()
        else:
            print(f"kept {db.name} and its copies", flush=True)
    text = format_table(run.table) if run.table else "(no result)"
    print()
    print(text)
    # A quick run does not overwrite RESULTS.md unless --output says where.
    if not args.quick or "--output" in " ".join(sys.argv):
        write_results(args, started, text, run.notes, run.appendix)
    passed = sum(run.outcome.get(b, True) for b in sorted(only))
    failed = len(only) - passed
    # scripts/test reads this line (the smoke run: counts, errors, equal figures).
    print(f"benches: {passed} passed, {failed} failed")
    return 1 if failed else 0


def write_results(args, started, table, notes, appendix):
    """RESULTS.md: date, machine, table; the analysis is kept from ANALYSIS.md."""
    lines = [
        "# Benchmark results (issues 8 and 16)",
        "",
        f"Run: {started:%Y-%m-%d %H:%M} UTC with `scripts/bench " + " ".join(sys.argv[1:]) + "`",
        "",
        *[f"- {fact}" for fact in machine_facts()],
        "",
        f"Sizes: bench 1 {args.reports} submissions + {args.reports} anchors at concurrency "
        f"{args.concurrency}; bench 2 {args.figures} reports; bench 3 {args.retention} "
        f"expired reports, batch sizes {args.batch_sizes}; bench 4 {args.sessions} sessions, "
        f"{args.saves} saves; bench 5 {args.burst} submissions + {args.burst} anchors at "
        f"concurrency {args.burst_concurrency}; bench 6 {args.screens} reports, "
        f"{args.screens_repeat} runs per call; bench 7 {args.csv} reports.",
        "",
        table,
        "",
    ]
    if notes:
        lines += ["## Notes of this run", "", *[f"- {n}" for n in notes], ""]
    analysis = BENCH_DIR / "ANALYSIS.md"
    if analysis.exists():
        lines += [analysis.read_text().rstrip(), ""]
    lines += appendix
    with open(args.output, "w") as out:
        out.write("\n".join(lines))
    print(f"\nwrote {args.output}")


if __name__ == "__main__":
    sys.exit(main())
