"""Shared helpers of the benchmarks (run by scripts/bench, not by pytest).

* :func:`make_db` copies an installed template database (MDD_TEMPLATE_DB) or
  installs both add-ons in a throwaway ``vf_*`` database;
* :class:`Server` starts a real Odoo server on loopback with ``--workers=2``
  (or the production configuration's workers and cron thread);
* :func:`in_odoo` runs a function of a bench module inside Odoo (a
  subprocess with an ``odoo.api.Environment``) and returns its JSON result;
* :func:`row` and :func:`format_table` build the result table.
"""

import configparser
import importlib
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from odoo_launcher import command as launcher_command

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
MODULES = "mdd_profile_drenthe"
COLUMNS = ("name", "n", "median", "p95", "anchor", "ratio", "goal", "met")
HEADERS = {"p95": "p95 (/ p99)"}
PRODUCTION_CONF = ROOT / "config" / "odoo.conf"
# Database name prefix and port range; scripts/bench --db-prefix/--ports (or
# MDD_BENCH_DB_PREFIX / MDD_BENCH_PORTS) keep parallel runs apart.
DB_PREFIX = os.environ.get("MDD_BENCH_DB_PREFIX", "vf_bench")
PORTS = os.environ.get("MDD_BENCH_PORTS", "8130-8139")


def _env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"ERROR: {name} is not set: run the benchmarks through scripts/bench")
    return value


def odoo_cmd(*args):
    return launcher_command(_env("MDD_DB_USER"), *args)


def odoo_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [_env("ODOO_SRC"), str(BENCH_DIR), env.get("PYTHONPATH")])
    )
    return env


def psql(sql, db="postgres"):
    out = subprocess.run(
        ["psql", "-X", "-q", "-tA", "-U", _env("MDD_DB_USER"), "-d", db, "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def free_port():
    """A free port in PORTS (the range given to the benchmarks)."""
    first, last = (int(p) for p in PORTS.split("-"))
    for port in range(first, last + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


class Database:
    """A throwaway ``vf_*`` database with both add-ons installed."""

    def __init__(self):
        self.name = f"{DB_PREFIX}_{secrets.token_hex(3)}"
        self.data_dir = Path(tempfile.mkdtemp(prefix=f"{DB_PREFIX}-"))
        self.log_path = self.data_dir / "odoo.log"
        template = os.environ.get("MDD_TEMPLATE_DB")
        if template:
            psql(f'CREATE DATABASE "{self.name}" TEMPLATE "{template}"')
        else:
            print(f"installing {MODULES} in {self.name} (minutes)...", flush=True)
            subprocess.run(
                odoo_cmd(
                    f"--data-dir={self.data_dir}",
                    "-d",
                    self.name,
                    "-i",
                    MODULES,
                    "--without-demo=all",
                    "--stop-after-init",
                    "--log-level=warn",
                    f"--logfile={self.log_path}",
                ),
                env=odoo_env(),
                check=True,
            )

    def drop(self):
        psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.data_dir, ignore_errors=True)


def production_processes():
    """Workers and cron threads of the shipped production configuration."""
    parser = configparser.ConfigParser(inline_comment_prefixes=(";",))
    parser.read(PRODUCTION_CONF)
    return parser.getint("options", "workers"), parser.getint("options", "max_cron_threads")


class Server:
    """A real Odoo server on loopback: 2 workers and no cron by default.

    Without ``proxy_mode`` (Odoo's default; the production configuration
    turns it on behind nginx): the client address Odoo sees is the socket's
    peer address, so a client that binds other loopback source addresses is
    seen as other visitors.
    """

    def __init__(self, db, workers=2, cron_threads=0):
        self.db = db
        self.workers = workers
        self.cron_threads = cron_threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            odoo_cmd(
                f"--data-dir={db.data_dir}",
                "-d",
                db.name,
                f"--db-filter=^{db.name}$",
                "--http-interface=127.0.0.1",
                f"--http-port={self.port}",
                f"--workers={workers}",
                f"--max-cron-threads={cron_threads}",
                "--limit-time-real=600",
                "--limit-time-cpu=600",
                f"--logfile={db.log_path}",
                "--log-level=warn",
            ),
            env=odoo_env(),
        )
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Odoo exited ({self.proc.returncode}); see {db.log_path}")
            try:
                if requests.get(f"{self.url}/web/login", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Odoo did not answer in 120 s; see {db.log_path}")
            time.sleep(0.5)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# SQL counting the reports whose after-intake work (staff notification and
# confirmation mail, done by the cron job ir_cron_mdd_after_intake after the
# request) is still pending.
INTAKE_PENDING_SQL = "SELECT count(*) FROM helpdesk_ticket WHERE mdd_intake_pending"


def wait_intake_done(db_name, timeout=300):
    """Wait until the server's cron has done the after-intake work of every
    report; the seconds waited. Raises when it is not done in ``timeout``."""
    start = time.monotonic()
    while int(psql(INTAKE_PENDING_SQL, db=db_name) or 0):
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"after-intake work still pending after {timeout} s")
        time.sleep(1)
    return time.monotonic() - start


def in_odoo(db, module, func, timeout=1800, **kwargs):
    """Run ``module.func(env, **kwargs)`` in a fresh Odoo process; its JSON result.

    The function runs as superuser in one transaction that is committed.
    """
    proc = subprocess.run(
        [sys.executable, str(Path(__file__)), db.name, module, func, json.dumps(kwargs)],
        env=odoo_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode:
        raise RuntimeError(f"{module}.{func} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _entry(db_name, module, func, kwargs):
    import odoo  # noqa: PLC0415 (only inside the Odoo subprocess)
    from odoo.tools import config  # noqa: PLC0415

    args = [f"--addons-path={ROOT / 'addons'}", f"--db_user={os.environ['MDD_DB_USER']}"]
    if os.environ.get("PGHOST"):
        args.append(f"--db_host={os.environ['PGHOST']}")
    if os.environ.get("PGPORT"):
        args.append(f"--db_port={os.environ['PGPORT']}")
    config.parse_config([*args, "-d", db_name, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db_name)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Europe/Amsterdam"})
        result = getattr(importlib.import_module(module), func)(env, **kwargs)
        cr.commit()
    print(json.dumps(result))


# ----------------------------------------------------------------------
# Statistics and the table
# ----------------------------------------------------------------------


def median(values):
    return statistics.median(values) if values else float("nan")


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def p95(values):
    return percentile(values, 0.95)


def p99(values):
    return percentile(values, 0.99)


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def row(name, n, *, med="", p_95="", anchor="", ratio="", goal="", met=""):
    return {
        "name": name,
        "n": str(n),
        "median": med,
        "p95": p_95,
        "anchor": anchor,
        "ratio": ratio,
        "goal": goal,
        "met": met,
    }


def format_table(rows):
    """A Markdown table (also readable on a terminal)."""
    header = {c: HEADERS.get(c, c) for c in COLUMNS}
    widths = {c: max(len(header[c]), *(len(r[c]) for r in rows)) for c in COLUMNS}
    lines = [
        "| " + " | ".join(header[c].ljust(widths[c]) for c in COLUMNS) + " |",
        "|" + "|".join("-" * (widths[c] + 2) for c in COLUMNS) + "|",
    ]
    for r in rows:
        lines.append("| " + " | ".join(r[c].ljust(widths[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    _entry(sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
