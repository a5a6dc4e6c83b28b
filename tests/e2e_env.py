"""Environment of the end-to-end tests: the settings scripts/test passes,
and the Odoo and PostgreSQL command lines built from them. A missing setting
or Odoo tree fails the test (never a skip)."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import psycopg2
import pytest
import requests
from odoo_launcher import command as launcher_command

ROOT = Path(__file__).resolve().parent.parent
# What the test databases hold: MDD's profile (so every add-on), demo data.
MODULES = "mdd_profile_drenthe"


def require_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the tests through scripts/test", pytrace=False)
    return value


def odoo_env():
    env = dict(os.environ)
    odoo_src = require_env("ODOO_SRC")
    if not (Path(odoo_src) / "odoo" / "release.py").exists():
        pytest.fail(f"no Odoo tree at ODOO_SRC={odoo_src}", pytrace=False)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [odoo_src, env.get("PYTHONPATH")]))
    return env


def psql(*args):
    user = require_env("MDD_DB_USER")
    subprocess.run(["psql", "-X", "-q", "-U", user, "-d", "postgres", *args], check=True)


def free_port():
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def connect(db):
    """A psycopg2 connection to ``db`` as the role of the tests."""
    kwargs = {"dbname": db, "user": require_env("MDD_DB_USER")}
    for key, name in (("host", "PGHOST"), ("port", "PGPORT")):
        if os.environ.get(name):
            kwargs[key] = os.environ[name]
    return psycopg2.connect(**kwargs)


def wait_until_up(proc, url, log_path, get=requests.get, seconds=120):
    """Wait until the Odoo server ``proc`` serves its login page; fail the
    test when it exits or does not answer in time."""
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            pytest.fail(f"Odoo exited early ({proc.returncode}); see {log_path}", pytrace=False)
        try:
            # The first page builds the assets: slow on a busy machine.
            if get(f"{url}/web/login", timeout=30).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"Odoo did not answer within {seconds} s; see {log_path}", pytrace=False)
        time.sleep(0.5)


def make_test_database(db, data_dir, log_path):
    """Database ``db`` (filestore in ``data_dir``): a copy of MDD_TEMPLATE_DB
    and its filestore when scripts/test made one (seconds), else a fresh
    install of MODULES with demo data (minutes)."""
    template = os.environ.get("MDD_TEMPLATE_DB")
    if template:
        psql("-c", f'CREATE DATABASE "{db}" TEMPLATE "{template}"')
        src = Path(os.environ.get("MDD_TEMPLATE_DATA_DIR", "")) / "filestore" / template
        if src.is_dir():
            shutil.copytree(src, Path(data_dir) / "filestore" / db)
        return
    subprocess.run(
        launcher_command(
            require_env("MDD_DB_USER"),
            f"--data-dir={data_dir}",
            "-d",
            db,
            "-i",
            MODULES,
            "--stop-after-init",
            "--log-level=warn",
            f"--logfile={log_path}",
        ),
        env=odoo_env(),
        check=True,
    )
