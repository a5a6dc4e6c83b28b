"""Fixtures for the cross-add-on end-to-end tests.

The ``odoo_server`` fixture starts a real Odoo server on a free loopback port
with a throwaway database in which both add-ons are installed with demo data.
The server runs with several worker processes, as in production, so that
requests sent at the same time are handled at the same time.
When scripts/test has already built such a database, it passes its name in
MDD_TEMPLATE_DB and the fixture copies it (seconds) instead of installing
again (minutes). Nothing is skipped: a missing Odoo tree or PostgreSQL is an
error.
"""

import secrets
import shutil
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from e2e_env import connect as _connect
from e2e_env import free_port as _free_port
from e2e_env import make_test_database, odoo_env, psql, require_env, wait_until_up
from odoo_launcher import command as launcher_command

WORKERS = 4


class RpcError(RuntimeError):
    """An error answered by Odoo's JSON-RPC API; ``name`` is the exception class."""

    def __init__(self, message, name):
        super().__init__(message)
        self.name = name


@dataclass
class OdooServer:
    url: str
    db: str
    log_path: Path

    def jsonrpc(self, service, method, *args):
        """Call Odoo's external JSON-RPC API (/jsonrpc)."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": list(args)},
            "id": secrets.randbelow(10**9),
        }
        response = requests.post(f"{self.url}/jsonrpc", json=payload, timeout=60)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            data = body["error"]["data"]
            raise RpcError(data["message"], data.get("name", ""))
        return body["result"]

    def sql(self, query, params=()):
        """Run one query on the server's database and commit; its rows, if any."""
        with closing(_connect(self.db)) as conn, conn, conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else []

    def clear_throttle(self):
        """Forget the public forms' throttle counters (all tests come from one
        address; the throttle itself is tested in the add-ons)."""
        self.sql("DELETE FROM mdd_throttle")

    def execute(self, login, password, model, method, *args, **kwargs):
        uid = self.jsonrpc("common", "login", self.db, login, password)
        assert uid, f"login {login} refused"
        return self.jsonrpc(
            "object", "execute_kw", self.db, uid, password, model, method, list(args), kwargs
        )


def _odoo_cmd(*args):
    return launcher_command(require_env("MDD_DB_USER"), *args)


@pytest.fixture(scope="session")
def odoo_server():
    env = odoo_env()
    db = f"mdd_e2e_{secrets.token_hex(4)}"
    data_dir = Path(tempfile.mkdtemp(prefix="mdd-e2e-"))
    log_path = data_dir / "odoo.log"
    proc = None
    try:
        make_test_database(db, data_dir, log_path)
        port = _free_port()
        proc = subprocess.Popen(
            _odoo_cmd(
                f"--data-dir={data_dir}",
                "-d",
                db,
                f"--db-filter=^{db}$",
                "--http-interface=127.0.0.1",
                f"--http-port={port}",
                f"--workers={WORKERS}",
                "--max-cron-threads=0",
                f"--logfile={log_path}",
                "--log-level=info",
            ),
            env=env,
        )
        url = f"http://127.0.0.1:{port}"
        wait_until_up(proc, url, log_path)
        yield OdooServer(url=url, db=db, log_path=log_path)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        psql("-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)
