"""Test orchestrator behind scripts/test (see there). Standard library only."""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ODOO_SRC = os.environ["ODOO_SRC"]
DB_USER = os.environ["MDD_DB_USER"]
# The main suite installs MDD's profile (it brings the generic add-ons, and the
# bridge installs itself) and runs the tests of all five. The planner suite
# installs the planner alone, without the helpdesk, and runs its tests there;
# it also checks that the generic add-ons leave a website as they find it.
# The peers suite installs the generic add-ons without the profile and runs
# the test suites of the modules they build on.
MODULES = ["mdd_profile_drenthe"]
TESTED = [
    "mdd_base",
    "mdd_meldpunt",
    "mdd_voorlichting",
    "mdd_voorlichting_figures",
    "mdd_profile_drenthe",
]
PLANNER_MODULES = ["mdd_voorlichting"]
PLANNER_TESTED = ["mdd_base", "mdd_voorlichting"]
# Installed with the planner alone, these would mean it still pulls them in.
NOT_WITH_PLANNER = ["helpdesk_mgmt", "mdd_meldpunt", "mdd_voorlichting_figures"]
GENERIC_MODULES = ["mdd_meldpunt", "mdd_voorlichting"]
PEERS_TESTED = ["helpdesk_mgmt", "portal", "calendar", "resource"]
# What installing the generic add-ons must leave as it was.
SITE_SNAPSHOT = """
SELECT json_build_object(
  'website languages', (SELECT json_agg(json_build_array(w.name, l.code) ORDER BY w.id)
                          FROM website w JOIN res_lang l ON l.id = w.default_lang_id),
  'active languages', (SELECT json_agg(code ORDER BY code) FROM res_lang WHERE active),
  'companies', (SELECT json_agg(name ORDER BY id) FROM res_company),
  'company logos', (SELECT json_agg(coalesce(a.checksum, '') ORDER BY a.res_id)
                      FROM ir_attachment a
                     WHERE a.res_model = 'res.partner' AND a.res_field = 'image_1920'
                       AND a.res_id IN (SELECT partner_id FROM res_company)),
  'user languages', (SELECT json_agg(json_build_array(u.login, p.lang) ORDER BY u.login)
                       FROM res_users u JOIN res_partner p ON p.id = u.partner_id)
)
"""
TESTS_LINE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")
LOG_LEVEL = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
# A skipped test (e.g. a tour without Chromium) is a failure here: never skip silently.
SKIPPED = re.compile(r"^\S+ \S+ \d+ INFO \S+ \S+: skipped (.*)$")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_cmd(*args):
    return [
        sys.executable,
        "-m",
        "odoo",
        f"--addons-path={ROOT / 'addons'}",
        f"--db_user={DB_USER}",
        *([f"--db_host={os.environ['PGHOST']}"] if os.environ.get("PGHOST") else []),
        *([f"--db_port={os.environ['PGPORT']}"] if os.environ.get("PGPORT") else []),
        *args,
    ]


def odoo_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ODOO_SRC, env.get("PYTHONPATH")]))
    env.setdefault("TZ", "UTC")
    return env


def psql(sql, db="postgres"):
    subprocess.run(
        ["psql", "-X", "-q", "-U", DB_USER, "-d", db, "-c", sql],
        check=True,
        capture_output=True,
    )


def run_odoo_suite(db, data_dir, log_path, *, modules=MODULES, tested=TESTED, label="odoo"):
    """Install ``modules`` with demo data and run the tests of ``tested``;
    return counts."""
    cmd = odoo_cmd(
        f"--data-dir={data_dir}",
        "-d",
        db,
        "-i",
        ",".join(modules),
        "--test-enable",
        "--test-tags=" + ",".join(f"/{m}" for m in tested),
        "--stop-after-init",
        "--workers=0",
        "--max-cron-threads=0",
        "--http-interface=127.0.0.1",
        f"--http-port={free_port()}",
        "--log-level=test",
        f"--logfile={log_path}",
    )
    print(f"[{label}] installing {', '.join(modules)} in {db}; tests of {', '.join(tested)}")
    started = time.monotonic()
    proc = subprocess.run(cmd, env=odoo_env(), cwd=ROOT, check=False)
    log = Path(log_path).read_text(errors="replace") if Path(log_path).exists() else ""
    match = TESTS_LINE.search(log)
    # Every ERROR/CRITICAL line is a failure, also outside a test (install errors).
    lines = log.splitlines()
    error_lines = []
    for index, line in enumerate(lines):
        if not LOG_LEVEL.match(line):
            continue
        error_lines.append(line)
        # The error with its traceback: the lines up to the next log record.
        block = [line]
        for follow in lines[index + 1 : index + 40]:
            if LOG_RECORD.match(follow):
                break
            block.append(follow)
        print("\n".join("  " + text[:400] for text in block))
    skipped = [found.group(1) for found in map(SKIPPED.match, lines) if found]
    for reason in skipped:
        print(f"  SKIPPED (counted as failed): {reason[:300]}")
    if not match:
        print(f"[{label}] no test summary found (exit {proc.returncode}); see {log_path}")
        return 0, max(1, len(error_lines))
    failed = int(match.group(1)) + int(match.group(2))
    ran = int(match.group(3))
    if ran == 0:
        print(f"[{label}] no test ran: that is a failure")
        return 0, 1
    # Errors logged outside any test (install, data loading) count once each.
    extra = 0 if failed else len(error_lines)
    print(f"[{label}] {ran} tests in {time.monotonic() - started:.0f}s")
    crashed = int(proc.returncode != 0 and not failed and not extra)
    return ran - failed - len(skipped), failed + extra + crashed + len(skipped)


PYTEST_LINE = re.compile(r"^=*\s*(\d+ (?:passed|failed|errors?|skipped).*?) in [\d.]+s")


def installed_modules(db, names):
    """Which of ``names`` are installed in ``db``."""
    return psql_value(
        db,
        "SELECT name FROM ir_module_module WHERE state = 'installed' "
        f"AND name IN ({', '.join(repr(name) for name in names)})",
    ).split()


def psql_value(db, sql):
    proc = subprocess.run(
        ["psql", "-X", "-At", "-U", DB_USER, "-d", db, "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return proc.stdout.strip()


def install_only(db, data_dir, modules, label):
    """Install ``modules`` without running tests; False (and the log's
    errors printed) when it failed."""
    log_path = Path(data_dir) / f"{db}-install.log"
    cmd = odoo_cmd(
        f"--data-dir={data_dir}",
        "-d",
        db,
        "-i",
        ",".join(modules),
        "--stop-after-init",
        "--workers=0",
        "--max-cron-threads=0",
        "--no-http",
        "--log-level=warn",
        f"--logfile={log_path}",
    )
    proc = subprocess.run(cmd, env=odoo_env(), cwd=ROOT, check=False)
    log = log_path.read_text(errors="replace") if log_path.exists() else ""
    errors = [line for line in log.splitlines() if LOG_LEVEL.match(line)]
    for line in errors:
        print(f"  {line[:400]}")
    if proc.returncode or errors:
        print(f"[{label}] installing {', '.join(modules)} failed; see {log_path}")
        return False
    return True


def site_unchanged(db, before, label, what):
    """Whether the website languages, companies, logos and user languages are
    as in ``before``; prints the difference."""
    after = json.loads(psql_value(db, SITE_SNAPSHOT))
    changed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
    for key, (old, new) in changed.items():
        print(f"[{label}] FAILED: {what} changed the {key}: {old} -> {new}")
    if not changed:
        print(f"[{label}] {what} left the website, companies and languages as they were: passed")
    return not changed


def run_planner_suite(db, data_dir, log_path):
    """The planner on its own: installs and passes its tests without the
    helpdesk and the Meldpunt. The database has an English website first;
    the planner, then the Meldpunt, must leave it (and the company and the
    users' languages) as they find it."""
    label = "planner"
    if not install_only(db, data_dir, ["website"], label):
        return 0, 1
    before = json.loads(psql_value(db, SITE_SNAPSHOT))
    print(f"[{label}] before: {before}")
    passed, failed = run_odoo_suite(
        db, data_dir, log_path, modules=PLANNER_MODULES, tested=PLANNER_TESTED, label=label
    )
    try:
        extra = installed_modules(db, NOT_WITH_PLANNER)
    except subprocess.CalledProcessError as exc:
        print(f"[{label}] cannot read the installed modules: {exc.stderr}")
        return passed, failed + 1
    if extra:
        print(f"[{label}] FAILED: installing the planner also installed {', '.join(extra)}")
        failed += 1
    else:
        print(f"[{label}] none of {', '.join(NOT_WITH_PLANNER)} installed: passed")
        passed += 1
    checks = [site_unchanged(db, before, label, "installing the planner")]
    if install_only(db, data_dir, ["mdd_meldpunt"], label):
        checks.append(site_unchanged(db, before, label, "installing the Meldpunt"))
    else:
        checks.append(False)
    return passed + checks.count(True), failed + checks.count(False)


def run_peers_suite(db, data_dir, log_path):
    """The generic add-ons beside the modules they build on: the test suites
    of those modules must pass with them installed (without a profile)."""
    return run_odoo_suite(
        db, data_dir, log_path, modules=GENERIC_MODULES, tested=PEERS_TESTED, label="peers"
    )


def run_captured(cmd, env):
    """Run a suite's process in the checkout; print the end of its output."""
    proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
    sys.stdout.write(proc.stdout[-20000:])
    sys.stdout.write(proc.stderr[-5000:])
    return proc


def run_pytest(template_db, data_dir):
    env = odoo_env()
    env["MDD_TEMPLATE_DB"] = template_db or ""
    env["MDD_TEMPLATE_DATA_DIR"] = str(data_dir)
    print("[pytest] tests/")
    proc = run_captured(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], env
    )
    summary = ""
    for line in proc.stdout.splitlines():
        found = PYTEST_LINE.search(line)
        if found:
            summary = found.group(1)
    passed = sum(int(n) for n in re.findall(r"(\d+) passed", summary))
    # Skipped tests count as failed: the suite never skips silently.
    failed = sum(int(n) for n in re.findall(r"(\d+) (?:failed|errors?|skipped)", summary))
    if proc.returncode != 0 and not failed:
        failed = 1  # collection error, no test ran, interrupted...
    return passed, failed


BENCH_LINE = re.compile(r"^benches: (\d+) passed, (\d+) failed$", re.MULTILINE)


def run_bench(data_dir):
    """The benchmarks' smoke run (scripts/bench --quick): each bench counts
    as passed when its counts, errors and figures are right; the speed goals
    are not checked here. MDD_TEMPLATE_DB (an installed database without
    demo data) saves the install."""
    env = odoo_env()
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "tests"), env["PYTHONPATH"]])
    env.setdefault("MDD_BENCH_DB_PREFIX", f"mdd_test_bench_{secrets.token_hex(2)}")
    print("[bench] scripts/bench --quick")
    proc = run_captured(
        [
            sys.executable,
            str(ROOT / "tests" / "bench" / "run_all.py"),
            "--quick",
            f"--output={data_dir / 'bench-quick.md'}",
        ],
        env,
    )
    found = BENCH_LINE.search(proc.stdout)
    if not found:
        print(f"[bench] no summary line (exit {proc.returncode})")
        return 0, 1
    passed, failed = int(found.group(1)), int(found.group(2))
    return passed, failed + int(proc.returncode != 0 and not failed)


def run_lint():
    """ruff on everything, pylint-odoo (OCA's odoolint checks) on the add-ons,
    and every translation file compiles."""
    checks = {
        "ruff": [sys.executable, "-m", "ruff", "check", "."],
        "ruff format": [sys.executable, "-m", "ruff", "format", "--check", "."],
        "pylint-odoo": [
            sys.executable,
            "-m",
            "pylint",
            "--rcfile=.pylintrc",
            "--disable=all",
            "--enable=odoolint",
            "--disable=missing-readme",
            # `_ = self.env._` followed by `_("...")` is env translation too;
            # the check cannot see through the alias.
            "--disable=prefer-env-translation",
            # A model's concerns live in files of their own (fields and
            # routing, public intake, portal...), each inheriting the model.
            "--disable=consider-merging-classes-inherited",
            *sorted(str(path) for path in (ROOT / "addons").iterdir() if path.is_dir()),
        ],
    }
    for po_file in sorted(ROOT.glob("addons/*/i18n/*.po")):
        checks[f"msgfmt {po_file.relative_to(ROOT)}"] = [
            "msgfmt",
            "--check",
            "-o",
            "/dev/null",
            str(po_file),
        ]
    passed = failed = 0
    for name, cmd in checks.items():
        print(f"[lint] {name}")
        ok = subprocess.run(cmd, cwd=ROOT, check=False).returncode == 0
        passed, failed = passed + ok, failed + (not ok)
    for name, ok in compose_checks():
        print(f"[lint] {name}: {'passed' if ok else 'FAILED'}")
        passed, failed = passed + ok, failed + (not ok)
    return passed, failed


# Dummy values for the secrets docker-compose.yml requires (never real ones).
COMPOSE_DUMMY_SECRETS = {
    "POSTGRES_PASSWORD": "lint-dummy-database-password",
    "MDD_ADMIN_PASSWD": "lint-dummy-master-password",
}


def compose_command():
    """Debian's docker-compose, or the Docker CLI's compose plugin; None if neither.
    Validating the file needs no Docker engine."""
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def compose_checks():
    """docker-compose.yml validates with .env.example plus dummy secrets, and
    is refused with .env.example alone (its secrets are empty)."""
    compose = compose_command()
    if compose is None:
        print(
            "[lint] compose config: no docker-compose and no 'docker compose' "
            "(Debian: apt-get install --no-install-recommends docker-compose)"
        )
        return [("compose config", False)]
    base = [*compose, "--env-file", ".env.example", "config", "-q"]
    env = {key: value for key, value in os.environ.items() if key not in COMPOSE_DUMMY_SECRETS}
    with_secrets = subprocess.run(base, cwd=ROOT, env={**env, **COMPOSE_DUMMY_SECRETS}, check=False)
    without = subprocess.run(base, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    refused = without.returncode != 0 and "POSTGRES_PASSWORD" in without.stderr
    if not refused:
        print(f"  compose accepted empty secrets: {without.stdout[-500:]}{without.stderr[-500:]}")
    return [
        ("compose config", with_secrets.returncode == 0),
        ("compose config refuses empty secrets", refused),
    ]


SUITES = ["odoo", "planner", "peers", "pytest", "bench", "lint"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--only", action="append", choices=SUITES)
    args = parser.parse_args()
    suites = args.only or SUITES

    db = f"mdd_test_{secrets.token_hex(4)}"
    planner_db = f"{db}_planner"
    peers_db = f"{db}_peers"
    data_dir = Path(tempfile.mkdtemp(prefix="mdd-test-"))
    log_path = data_dir / "odoo-tests.log"
    results = {}
    started = time.monotonic()
    try:
        if "odoo" in suites:
            results["odoo"] = run_odoo_suite(db, data_dir, log_path)
        if "planner" in suites:
            results["planner"] = run_planner_suite(
                planner_db, data_dir, data_dir / "odoo-planner-tests.log"
            )
        if "peers" in suites:
            results["peers"] = run_peers_suite(peers_db, data_dir, data_dir / "odoo-peers.log")
        if "pytest" in suites:
            results["pytest"] = run_pytest(db if "odoo" in suites else "", data_dir)
        if "bench" in suites:
            results["bench"] = run_bench(data_dir)
        if "lint" in suites:
            results["lint"] = run_lint()
    finally:
        if not args.keep_db:
            for name in (db, planner_db, peers_db):
                try:
                    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                except subprocess.CalledProcessError as exc:
                    print(f"could not drop {name}: {exc.stderr}")
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"kept databases {db}, {planner_db}, {peers_db} and data dir {data_dir}")

    print()
    print(f"Results ({time.monotonic() - started:.0f}s):")
    for name, (passed, failed) in results.items():
        print(f"  {name:7} {passed} passed, {failed} failed")
    passed = sum(p for p, _ in results.values())
    failed = sum(f for _, f in results.values())
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
