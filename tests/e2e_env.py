"""Environment of the end-to-end tests: the settings scripts/test passes,
and the Odoo and PostgreSQL command lines built from them. A missing setting
or Odoo tree fails the test (never a skip)."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
