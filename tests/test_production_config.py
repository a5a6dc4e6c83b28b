"""The shipped server configuration (config/odoo.conf) and the scripts that
start Odoo with it (docker/entrypoint.sh, scripts/run, and the runtime
configuration both write with scripts/mdd_runtime_conf.py).

- A real multi-worker server, started with ``-c`` on the runtime copy of
  config/odoo.conf (made as the entrypoint makes it) on a copy of the test
  database: the database manager and selector are not found, a backup request
  with master password ``admin`` (or even the right one) gets no dump, the
  database list is refused over JSON-RPC, and proxy_mode is in effect.
- Odoo's own configuration parser reads the runtime file: the hash verifies
  the master password and not ``admin``; command-line overrides behave as
  config/odoo.conf says.
- docker/entrypoint.sh, run without Docker against stand-ins for the official
  image's entrypoint and PostgreSQL tools: it refuses a missing, empty,
  ``admin`` or short master password before anything runs; it writes the
  runtime file (mode 600, hash only); MDD_DEMO switches demo data; the first
  start creates the database and replaces the password of ``admin``; later
  starts do neither.
- The first start for real: the entrypoint creates a production database on
  the local PostgreSQL with the real Odoo (standing in for the image's
  entrypoint): MDD's profile, Dutch, the twelve municipalities routed, the
  registration lists, no demo data and no demo users, and an ``admin`` user
  whose password is no longer ``admin``.
- scripts/run: refuses ``admin``; on a first run makes a random master
  password in a file of mode 600, says where it is, and starts Odoo with the
  shipped configuration without the proxy.

Nothing is skipped: a missing Odoo tree, PostgreSQL or passlib is an error.
"""

import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
from configparser import RawConfigParser
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from e2e_env import MODULES, ROOT, make_test_database, odoo_env, psql, require_env, wait_until_up
from e2e_env import connect as _connect
from e2e_env import free_port as _free_port
from odoo_launcher import command as launcher_command

CONF = ROOT / "config" / "odoo.conf"
HELPER = ROOT / "scripts" / "mdd_runtime_conf.py"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
SCRIPTS_RUN = ROOT / "scripts" / "run"
LAUNCHER = ROOT / "tests" / "odoo_launcher.py"
MASTER = "Test-master-password-" + secrets.token_hex(8)
DEMO_LOGINS = ("coordinator", "handler", "handler-emmen", "trainer", "trainer2", "planner")
# The first bytes of what a database dump would be: a zip, pg_dump's custom
# format, or plain SQL.
DUMP_MAGIC = (b"PK\x03\x04", b"PGDMP", b"--\n-- PostgreSQL database dump")


def _sql(db, query, params=()):
    conn = _connect(db)
    try:
        with conn.cursor() as cr:
            cr.execute(query, params)
            rows = cr.fetchall() if cr.description else []
        conn.commit()
        return rows
    finally:
        conn.close()


def _drop(db):
    psql("-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def write_runtime_conf(out, *overrides, env=None, generate=None):
    """Run scripts/mdd_runtime_conf.py as the scripts do; the finished process."""
    cmd = [sys.executable, str(HELPER), "--base", str(CONF), "--out", str(out)]
    if generate:
        cmd += ["--generate", str(generate)]
    for override in overrides:
        cmd += ["--set", override]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MDD_ADMIN_PASSWD")}
    return subprocess.run(
        cmd, env={**clean, **(env or {})}, capture_output=True, text=True, check=False
    )


def odoo_reads(conf, *args, checks=("admin",)):
    """What Odoo's own configuration parser makes of ``-c conf`` plus ``args``:
    a few options and whether each of ``checks`` verifies as master password."""
    code = (
        "import json, sys\n"
        "from odoo.tools import config\n"
        "config.parse_config(sys.argv[2:], setup_logging=False)\n"
        "keys = ['list_db', 'proxy_mode', 'without_demo', 'workers', 'max_cron_threads',\n"
        "        'db_name', 'dbfilter', 'server_wide_modules', 'limit_memory_hard',\n"
        "        'limit_memory_soft', 'limit_time_cpu', 'limit_time_real', 'admin_passwd']\n"
        "out = {key: config[key] for key in keys}\n"
        "out['demo_for_init'] = bool(config['demo'])\n"
        "words = json.loads(sys.argv[1])\n"
        "out['verifies'] = {w: bool(config.verify_admin_password(w)) for w in words}\n"
        "print(json.dumps(out))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, json.dumps(list(checks)), "-c", str(conf), *args],
        env=odoo_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _mode(path):
    return stat.S_IMODE(Path(path).stat().st_mode)


# --------------------------------------------------------------------------
# A real server with the shipped configuration
# --------------------------------------------------------------------------


@dataclass
class ShippedServer:
    url: str
    db: str
    log_path: Path
    conf: Path


def _copy_test_database(db, data_dir, log_path):
    """A copy of the test database, as tests/conftest.py makes one."""
    make_test_database(db, data_dir, log_path)


@pytest.fixture(scope="module")
def shipped_server():
    env = odoo_env()
    db = f"mdd_conf_{secrets.token_hex(4)}"
    data_dir = Path(tempfile.mkdtemp(prefix="mdd-conf-"))
    log_path = data_dir / "odoo.log"
    conf = data_dir / "runtime" / "odoo.conf"
    proc = None
    try:
        _copy_test_database(db, data_dir, log_path)
        # As docker/entrypoint.sh writes it for MDD_DB=<db>.
        made = write_runtime_conf(
            conf, f"db_name={db}", f"dbfilter=^{db}$", env={"MDD_ADMIN_PASSWD": MASTER}
        )
        assert made.returncode == 0, made.stderr
        port = _free_port()
        # Only what this machine needs on top of the shipped file: the add-ons
        # and database user (launcher), a loopback interface and free ports,
        # a data directory and a log file. No scheduled jobs: this copy of the
        # demo database must not send mail, and they are no part of the test.
        proc = subprocess.Popen(
            launcher_command(
                require_env("MDD_DB_USER"),
                "-c",
                str(conf),
                f"--data-dir={data_dir}",
                "--http-interface=127.0.0.1",
                f"--http-port={port}",
                f"--gevent-port={_free_port()}",
                "--max-cron-threads=0",
                f"--logfile={log_path}",
            ),
            env=env,
        )
        url = f"http://127.0.0.1:{port}"
        wait_until_up(proc, url, log_path)
        yield ShippedServer(url=url, db=db, log_path=log_path, conf=conf)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        _drop(db)
        shutil.rmtree(data_dir, ignore_errors=True)


def _assert_not_manager(response):
    assert response.status_code in (403, 404), (response.status_code, response.text[:300])
    body = response.text
    for marker in ("o_database_list", "master_pwd", "Master Password", "database manager"):
        assert marker not in body, marker


def test_server_runs_with_the_shipped_settings(shipped_server):
    log = shipped_server.log_path.read_text(errors="replace")
    # Four HTTP workers (prefork), as config/odoo.conf says.
    assert log.count("Worker WorkerHTTP") >= 4, log[-2000:]
    assert "Traceback" not in log, log[-3000:]


@pytest.mark.parametrize("path", ["/web/database/manager", "/web/database/selector"])
def test_database_manager_is_not_found(shipped_server, path):
    _assert_not_manager(requests.get(shipped_server.url + path, timeout=30))
    # Nor with the database chosen explicitly.
    _assert_not_manager(
        requests.get(shipped_server.url + path, params={"db": shipped_server.db}, timeout=30)
    )


@pytest.mark.parametrize("backup_format", ["zip", "dump"])
@pytest.mark.parametrize("master_pwd", ["admin", MASTER])
def test_backup_request_gets_no_dump(shipped_server, master_pwd, backup_format):
    response = requests.post(
        f"{shipped_server.url}/web/database/backup",
        data={"master_pwd": master_pwd, "name": shipped_server.db, "backup_format": backup_format},
        timeout=120,
    )
    assert response.status_code in (403, 404), response.status_code
    content_type = response.headers.get("Content-Type", "")
    assert content_type.startswith("text/html"), content_type
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    assert len(response.content) < 200_000, len(response.content)
    assert not response.content.startswith(DUMP_MAGIC)
    assert b"PGDMP" not in response.content
    assert b"CREATE TABLE" not in response.content


@pytest.mark.parametrize(
    "path", ["/web/database/drop", "/web/database/change_password", "/web/database/duplicate"]
)
def test_other_database_operations_are_not_found(shipped_server, path):
    response = requests.post(
        shipped_server.url + path,
        data={
            "master_pwd": "admin",
            "master_pwd_new": "Another-master-password-1",
            "name": shipped_server.db,
            "new_name": f"{shipped_server.db}_copy",
        },
        timeout=60,
    )
    assert response.status_code in (403, 404), response.status_code
    assert shipped_server.db in {
        row[0] for row in _sql("postgres", "SELECT datname FROM pg_database")
    }
    copies = _sql(
        "postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (f"{shipped_server.db}_copy",)
    )
    assert copies == []


def _jsonrpc(url, path, params):
    response = requests.post(
        url + path,
        json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
        timeout=60,
    )
    return response, response.json() if response.headers.get("Content-Type", "").startswith(
        "application/json"
    ) else None


def test_database_list_is_refused(shipped_server):
    response, body = _jsonrpc(shipped_server.url, "/web/database/list", {})
    assert body is not None, response.text[:300]
    assert "result" not in body, body
    assert "error" in body
    # The external API's "db" service too: no list, no dump, whatever the password.
    for method, args in (
        ("list", []),
        ("dump", ["admin", shipped_server.db, "zip"]),
        ("dump", [MASTER, shipped_server.db, "zip"]),
        ("change_admin_password", ["admin", "Another-master-password-1"]),
    ):
        response, body = _jsonrpc(
            shipped_server.url, "/jsonrpc", {"service": "db", "method": method, "args": args}
        )
        assert body is not None and "result" not in body and "error" in body, (method, body)


def test_proxy_mode_is_on(shipped_server):
    # Behind nginx, Odoo takes the host the proxy forwards: the website whose
    # domain it is answers (the demo data has a second website).
    websites = [row[0] for row in _sql(shipped_server.db, "SELECT id FROM website ORDER BY id")]
    assert len(websites) >= 2, "the test database should have the demo data's second website"
    other = websites[-1]
    _sql(
        shipped_server.db,
        "UPDATE website SET domain = 'https://meldpunt.example.org' WHERE id = %s",
        (other,),
    )
    forwarded = {"X-Forwarded-Host": "meldpunt.example.org", "X-Forwarded-Proto": "https"}
    page = requests.get(f"{shipped_server.url}/web/login", headers=forwarded, timeout=60)
    assert page.status_code == 200
    assert f'data-website-id="{other}"' in page.text
    direct = requests.get(f"{shipped_server.url}/web/login", timeout=60)
    assert direct.status_code == 200
    assert f'data-website-id="{other}"' not in direct.text


def test_pdf_report_renders_within_the_memory_limits(shipped_server):
    # wkhtmltopdf inherits the worker's hard memory limit (address space);
    # below about 1.4 GiB it crashes and the PDF is a 400 page.
    session = requests.Session()
    login = session.post(
        f"{shipped_server.url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": shipped_server.db, "login": "coordinator", "password": "coordinator"},
        },
        timeout=60,
    )
    assert "result" in login.json(), login.text[:500]
    (municipality,) = _sql(
        shipped_server.db, "SELECT id FROM mdd_municipality WHERE cbs_code = 'GM0114'"
    )[0]
    response = session.get(
        f"{shipped_server.url}/report/pdf/mdd_meldpunt.report_wga_municipality/{municipality}",
        timeout=300,
    )
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_runtime_conf_holds_only_the_hash(shipped_server):
    text = shipped_server.conf.read_text()
    assert MASTER not in text
    assert _mode(shipped_server.conf) == 0o600
    assert _mode(shipped_server.conf.parent) == 0o700
    read = odoo_reads(shipped_server.conf, checks=(MASTER, "admin", ""))
    assert read["admin_passwd"].startswith("$pbkdf2-sha512$600000$")
    assert read["verifies"] == {MASTER: True, "admin": False, "": False}


# --------------------------------------------------------------------------
# config/odoo.conf as Odoo reads it
# --------------------------------------------------------------------------


def test_shipped_file_has_no_secret_and_the_production_settings(tmp_path):
    parser = RawConfigParser()
    parser.read(CONF)
    options = dict(parser.items("options"))
    for secret in ("admin_passwd", "db_password", "smtp_password"):
        assert secret not in options
    conf = tmp_path / "odoo.conf"
    assert write_runtime_conf(conf, env={"MDD_ADMIN_PASSWD": MASTER}).returncode == 0
    read = odoo_reads(conf)
    assert read["list_db"] is False
    assert read["proxy_mode"] is True
    assert read["without_demo"] == "all"
    assert read["demo_for_init"] is False
    assert read["workers"] == 4
    assert read["max_cron_threads"] == 1
    assert read["db_name"] == "mdd"
    assert read["dbfilter"] == "^mdd$"
    assert read["server_wide_modules"].split(",") == ["base", "web", "mdd_base"]
    # Limits for 2 cores and 4 GB; wkhtmltopdf needs about 1.4 GiB of address space.
    assert read["limit_memory_soft"] <= 768 * 2**20
    assert 1.5 * 2**30 <= read["limit_memory_hard"] <= 2 * 2**30


def test_command_line_overrides_as_documented(tmp_path):
    conf = tmp_path / "odoo.conf"
    assert write_runtime_conf(conf, env={"MDD_ADMIN_PASSWD": MASTER}).returncode == 0
    # --without-demo= (empty) brings demo data back; "False" does not.
    assert odoo_reads(conf, "-d", "x", "-i", "base", "--without-demo=")["demo_for_init"] is True
    read = odoo_reads(conf, "-d", "x", "-i", "base", "--without-demo=False")
    assert read["demo_for_init"] is False
    read = odoo_reads(conf, "--workers=0", "--db-filter=^other$", "--max-cron-threads=0")
    assert (read["workers"], read["dbfilter"], read["max_cron_threads"]) == (0, "^other$", 0)
    # proxy_mode has no command-line switch to turn it off: only the file.
    assert odoo_reads(conf)["proxy_mode"] is True
    assert (
        write_runtime_conf(conf, "proxy_mode=False", env={"MDD_ADMIN_PASSWD": MASTER}).returncode
        == 0
    )
    assert odoo_reads(conf)["proxy_mode"] is False


# --------------------------------------------------------------------------
# The runtime configuration helper
# --------------------------------------------------------------------------


def _hash_of(word):
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import mdd_runtime_conf as m; "
        "print(m.crypt_context().hash(sys.argv[2]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(HELPER.parent), word],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "no master password"),
        ({"MDD_ADMIN_PASSWD": ""}, "no master password"),
        ({"MDD_ADMIN_PASSWD": "   "}, "is empty"),
        ({"MDD_ADMIN_PASSWD": "admin"}, "'admin'"),
        ({"MDD_ADMIN_PASSWD": " ADMIN \n"}, "'admin'"),
        ({"MDD_ADMIN_PASSWD": "Short-pw-1"}, "fewer than 16"),
        ({"MDD_ADMIN_PASSWD": MASTER, "MDD_ADMIN_PASSWD_FILE": "/etc/hostname"}, "only one"),
        ({"MDD_ADMIN_PASSWD_FILE": "/nonexistent/secret"}, "cannot be read"),
        ({"MDD_ADMIN_PASSWD": "$pbkdf2-sha512$1$abc$def"}, "not a valid"),
        ({"MDD_ADMIN_PASSWD": "HASH-OF-ADMIN"}, "'admin'"),
    ],
)
def test_helper_refuses(tmp_path, env, expected):
    env = {
        key: (_hash_of("admin") if value == "HASH-OF-ADMIN" else value)
        for key, value in env.items()
    }
    out = tmp_path / "runtime" / "odoo.conf"
    proc = write_runtime_conf(out, env=env)
    assert proc.returncode == 2
    assert expected in proc.stderr, proc.stderr
    assert not out.exists()


def test_helper_reads_a_secret_file_and_accepts_a_hash(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(MASTER + "\n")
    out = tmp_path / "a.conf"
    assert write_runtime_conf(out, env={"MDD_ADMIN_PASSWD_FILE": str(secret)}).returncode == 0
    assert odoo_reads(out, checks=(MASTER, MASTER + "\n", "admin"))["verifies"] == {
        MASTER: True,
        MASTER + "\n": False,
        "admin": False,
    }
    # A hash (made with --hash) is taken as it is: the password itself need
    # not be in .env.
    made = subprocess.run(
        [sys.executable, str(HELPER), "--hash"],
        input=MASTER + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    digest = made.stdout.strip()
    assert digest.startswith("$pbkdf2-sha512$600000$")
    refused = subprocess.run(
        [sys.executable, str(HELPER), "--hash"],
        input="admin\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2
    assert refused.stdout == ""
    out = tmp_path / "b.conf"
    assert write_runtime_conf(out, env={"MDD_ADMIN_PASSWD": digest}).returncode == 0
    read = odoo_reads(out, checks=(MASTER, "admin"))
    assert read["admin_passwd"] == digest
    assert read["verifies"] == {MASTER: True, "admin": False}


def test_helper_generates_a_private_random_password_once(tmp_path):
    secret = tmp_path / "data" / "master-password"
    out = tmp_path / "data" / "odoo.conf"
    assert write_runtime_conf(out, generate=secret).returncode == 0
    assert _mode(secret) == 0o600
    assert _mode(out) == 0o600
    first = secret.read_text().strip()
    assert len(first) >= 32
    assert first.lower() != "admin"
    assert odoo_reads(out, checks=(first,))["verifies"] == {first: True}
    # Later runs keep it (and make it private again).
    secret.chmod(0o644)
    assert write_runtime_conf(out, generate=secret).returncode == 0
    assert secret.read_text().strip() == first
    assert _mode(secret) == 0o600
    # Given explicitly, the variable wins and the file is left alone.
    assert (
        write_runtime_conf(out, env={"MDD_ADMIN_PASSWD": MASTER}, generate=secret).returncode == 0
    )
    assert odoo_reads(out, checks=(MASTER, first))["verifies"] == {MASTER: True, first: False}


# --------------------------------------------------------------------------
# docker/entrypoint.sh without Docker
# --------------------------------------------------------------------------

# Stands in for the official image's /entrypoint.sh: records each call (its
# arguments, ODOO_RC, and for "odoo shell" the script and the new password).
FAKE_OFFICIAL = r"""#!/bin/bash
{ printf 'CALL'; printf '\t%s' "$@"; printf '\n'; } >>"$FAKE_DIR/calls"
printf '%s\n' "${ODOO_RC:-}" >>"$FAKE_DIR/odoo_rc"
if [ "${2:-}" = shell ]; then
    cat >"$FAKE_DIR/shell-stdin"
    printf '%s' "${MDD_NEW_ADMIN_PASSWORD:-}" >"$FAKE_DIR/shell-password"
    echo "${FAKE_SHELL_OUTCOME:-MDD-ADMIN-PASSWORD-REPLACED}"
fi
"""
# PostgreSQL's psql as the entrypoint asks it: does the database exist, and
# the state of the profile in it (FAKE_DB_STATE: missing, none, installed).
FAKE_PSQL = r"""#!/bin/bash
printf '%s\n' "$*" >>"$FAKE_DIR/psql-args"
printf '%s\n' "${PGPASSWORD:-}" >>"$FAKE_DIR/psql-password"
case "$*" in
    *pg_database*) [ "$FAKE_DB_STATE" = missing ] || echo 1 ;;
    *ir_module_module*) echo "$FAKE_DB_STATE" ;;
esac
"""
FAKE_WAIT = """#!/bin/bash
printf '%s\\n' "$*" >>"$FAKE_DIR/wait-args"
"""


@dataclass
class FakeImage:
    root: Path
    env: dict

    @property
    def conf(self):
        return self.root / "runtime" / "odoo.conf"

    @property
    def secrets_dir(self):
        return self.root / "secrets"

    def run(self, *args, **env):
        return subprocess.run(
            ["bash", str(ENTRYPOINT), *args],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def calls(self):
        path = self.root / "calls"
        if not path.exists():
            return []
        return [line.split("\t")[1:] for line in path.read_text().splitlines()]


@pytest.fixture
def fake_image(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("psql", FAKE_PSQL), ("wait-for-psql.py", FAKE_WAIT)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    official = tmp_path / "official-entrypoint.sh"
    official.write_text(FAKE_OFFICIAL)
    official.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "FAKE_DIR": str(tmp_path),
        "FAKE_DB_STATE": "installed",
        "MDD_CONF_BASE": str(CONF),
        "MDD_RUNTIME_CONF": str(tmp_path / "runtime" / "odoo.conf"),
        "MDD_CONF_HELPER": str(HELPER),
        "MDD_PYTHON": sys.executable,
        "MDD_OFFICIAL_ENTRYPOINT": str(official),
        "MDD_SECRETS_DIR": str(tmp_path / "secrets"),
        "HOST": "db",
        "USER": "odoo",
        "PASSWORD": "database-secret-xyz",
    }
    return FakeImage(root=tmp_path, env=env)


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"MDD_ADMIN_PASSWD": ""},
        {"MDD_ADMIN_PASSWD": "admin"},
        {"MDD_ADMIN_PASSWD": "Admin\n"},
        {"MDD_ADMIN_PASSWD": "too-short"},
        {"MDD_ADMIN_PASSWD_FILE": "/nonexistent/mdd_admin_passwd"},
        {"MDD_ADMIN_PASSWD": MASTER, "MDD_ADMIN_PASSWD_FILE": "/etc/hostname"},
    ],
)
@pytest.mark.parametrize("args", [(), ("odoo",), ("--workers=2",), ("bash", "-c", "true")])
def test_entrypoint_refuses_to_start(fake_image, env, args):
    proc = fake_image.run(*args, **env)
    assert proc.returncode == 2
    assert "ERROR" in proc.stderr and "Odoo is not started" in proc.stderr, proc.stderr
    assert "MDD_ADMIN_PASSWD" in proc.stderr or "admin" in proc.stderr
    assert fake_image.calls() == []
    assert not fake_image.conf.exists()


@pytest.mark.parametrize("demo", ["maybe", "2"])
def test_entrypoint_refuses_an_unknown_demo_switch(fake_image, demo):
    proc = fake_image.run(MDD_ADMIN_PASSWD=MASTER, MDD_DEMO=demo)
    assert proc.returncode == 2
    assert "MDD_DEMO" in proc.stderr
    assert fake_image.calls() == []


def test_entrypoint_refuses_an_admin_password_file(fake_image, tmp_path):
    secret = tmp_path / "mdd_admin_passwd"
    secret.write_text("admin\n")
    proc = fake_image.run(MDD_ADMIN_PASSWD_FILE=str(secret))
    assert proc.returncode == 2
    assert "'admin'" in proc.stderr
    assert fake_image.calls() == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("odoo", "--stop-after-init"), ["odoo", "-c", "{conf}", "--stop-after-init"]),
        (("--workers=2",), ["odoo", "-c", "{conf}", "--workers=2"]),
        (("odoo", "shell", "-d", "mdd"), ["odoo", "shell", "-d", "mdd"]),
        (("bash", "-c", "true"), ["bash", "-c", "true"]),
    ],
)
def test_entrypoint_hands_over_with_the_runtime_conf(fake_image, args, expected):
    proc = fake_image.run(*args, MDD_ADMIN_PASSWD=MASTER)
    assert proc.returncode == 0, proc.stderr
    conf = str(fake_image.conf)
    assert fake_image.calls() == [[part.format(conf=conf) for part in expected]]
    assert (fake_image.root / "odoo_rc").read_text().strip() == conf
    # With arguments nothing is created.
    assert not (fake_image.root / "psql-args").exists()
    assert MASTER not in fake_image.conf.read_text()
    assert _mode(fake_image.conf) == 0o600
    read = odoo_reads(fake_image.conf, checks=(MASTER, "admin"))
    assert read["verifies"] == {MASTER: True, "admin": False}
    assert (read["db_name"], read["dbfilter"], read["without_demo"]) == ("mdd", "^mdd$", "all")


def test_entrypoint_secret_file_and_demo_switch(fake_image, tmp_path):
    secret = tmp_path / "mdd_admin_passwd"
    secret.write_text(MASTER + "\n")
    proc = fake_image.run(
        "odoo",
        "--stop-after-init",
        MDD_ADMIN_PASSWD_FILE=str(secret),
        MDD_DEMO="1",
        MDD_DB="bureau",
    )
    assert proc.returncode == 0, proc.stderr
    read = odoo_reads(fake_image.conf, checks=(MASTER,))
    assert read["verifies"] == {MASTER: True}
    assert read["without_demo"] is False
    assert (read["db_name"], read["dbfilter"]) == ("bureau", "^bureau$")


def test_entrypoint_first_start_creates_the_database(fake_image):
    proc = fake_image.run(MDD_ADMIN_PASSWD=MASTER, FAKE_DB_STATE="missing")
    assert proc.returncode == 0, proc.stderr
    conf = str(fake_image.conf)
    calls = fake_image.calls()
    assert calls[0][:9] == [
        "odoo",
        "-c",
        conf,
        "-d",
        "mdd",
        "-i",
        "mdd_profile_drenthe",
        "--load-language=nl_NL",
        "--workers=0",
    ]
    assert "--stop-after-init" in calls[0]
    assert calls[1][:6] == ["odoo", "shell", "-c", conf, "-d", "mdd"]
    assert calls[2] == ["odoo", "-c", conf]
    assert len(calls) == 3
    shell = (fake_image.root / "shell-stdin").read_text()
    assert 'env.ref("base.user_admin")' in shell and "MDD_NEW_ADMIN_PASSWORD" in shell
    password = (fake_image.root / "shell-password").read_text()
    secret = fake_image.secrets_dir / "admin-password-mdd"
    assert secret.read_text().strip() == password
    assert len(password) >= 32 and password != "admin"
    assert _mode(secret) == 0o600
    assert _mode(fake_image.secrets_dir) == 0o700
    assert str(secret) in proc.stderr
    assert password not in proc.stderr + proc.stdout
    # The database password reaches psql through the environment only.
    assert "database-secret-xyz" not in (fake_image.root / "psql-args").read_text()
    assert "database-secret-xyz" not in (fake_image.root / "wait-args").read_text()
    assert set((fake_image.root / "psql-password").read_text().split()) == {"database-secret-xyz"}

    # The next start: database installed, password replaced once: nothing again.
    (fake_image.root / "calls").unlink()
    proc = fake_image.run(MDD_ADMIN_PASSWD=MASTER, FAKE_DB_STATE="installed")
    assert proc.returncode == 0, proc.stderr
    assert fake_image.calls() == [["odoo", "-c", conf]]
    assert secret.read_text().strip() == password


def test_entrypoint_keeps_a_changed_admin_password(fake_image):
    proc = fake_image.run(
        MDD_ADMIN_PASSWD=MASTER,
        FAKE_DB_STATE="installed",
        FAKE_SHELL_OUTCOME="MDD-ADMIN-PASSWORD-KEPT",
    )
    assert proc.returncode == 0, proc.stderr
    calls = fake_image.calls()
    assert [call[:2] for call in calls] == [["odoo", "shell"], ["odoo", "-c"]]
    secret = fake_image.secrets_dir / "admin-password-mdd"
    assert "left unchanged" in secret.read_text()


def test_entrypoint_demo_start_keeps_demo_logins(fake_image):
    proc = fake_image.run(MDD_ADMIN_PASSWD=MASTER, MDD_DEMO="1", FAKE_DB_STATE="missing")
    assert proc.returncode == 0, proc.stderr
    calls = fake_image.calls()
    assert [call[:2] for call in calls] == [["odoo", "-c"], ["odoo", "-c"]]
    assert "-i" in calls[0]
    assert "DEMO" in proc.stderr
    assert not fake_image.secrets_dir.exists()


def test_entrypoint_stops_when_creating_the_database_fails(fake_image):
    failing = fake_image.root / "official-entrypoint.sh"
    failing.write_text(FAKE_OFFICIAL + "exit 1\n")
    proc = fake_image.run(MDD_ADMIN_PASSWD=MASTER, FAKE_DB_STATE="missing")
    assert proc.returncode == 2
    assert "creating database 'mdd' failed" in proc.stderr
    assert len(fake_image.calls()) == 1


# --------------------------------------------------------------------------
# The first start for real: a production database
# --------------------------------------------------------------------------

# Stands in for the official image's /entrypoint.sh with the real Odoo of
# this machine: database user and add-ons from the environment, the data
# directory of the test. It runs what the entrypoint asks except the final
# server start, which it only records.
REAL_OFFICIAL = r"""#!/bin/bash
{ printf 'CALL'; printf '\t%s' "$@"; printf '\n'; } >>"$FAKE_DIR/calls"
[ "${1:-}" = odoo ] && shift
sub=()
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then sub=("$1"); shift; fi
if [ ${#sub[@]} -eq 0 ] && [[ " $* " != *" --stop-after-init "* ]]; then
    exit 0
fi
exec "$REAL_PYTHON" "$REAL_LAUNCHER" "--addons-path=$REAL_ADDONS" "${sub[@]}" \
    "--db_user=$REAL_DB_USER" ${PGPORT:+--db_port=$PGPORT} ${PGHOST:+--db_host=$PGHOST} \
    "--data-dir=$REAL_DATA_DIR" "$@"
"""


def _socket_host():
    if os.environ.get("PGHOST"):
        return os.environ["PGHOST"]
    port = os.environ.get("PGPORT", "5432")
    for directory in ("/var/run/postgresql", "/run/postgresql", "/tmp"):
        if Path(directory, f".s.PGSQL.{port}").exists():
            return directory
    pytest.fail("no PostgreSQL socket found: set PGHOST", pytrace=False)


def test_first_start_creates_a_clean_production_database(fake_image):
    db = f"mdd_prod_{secrets.token_hex(4)}"
    data_dir = fake_image.root / "odoo-data"
    official = fake_image.root / "official-entrypoint.sh"
    official.write_text(REAL_OFFICIAL)
    # The real psql, against this machine's PostgreSQL.
    (fake_image.root / "bin" / "psql").unlink()
    env = {
        **odoo_env(),
        **fake_image.env,
        "PATH": f"{fake_image.root / 'bin'}:{os.environ['PATH']}",
        "HOST": _socket_host(),
        "PORT": os.environ.get("PGPORT", "5432"),
        "USER": require_env("MDD_DB_USER"),
        "PASSWORD": "unused-with-local-trust",
        "MDD_DB": db,
        "MDD_ADMIN_PASSWD": MASTER,
        "REAL_PYTHON": sys.executable,
        "REAL_LAUNCHER": str(LAUNCHER),
        "REAL_ADDONS": str(ROOT / "addons"),
        "REAL_DB_USER": require_env("MDD_DB_USER"),
        "REAL_DATA_DIR": str(data_dir),
    }
    try:
        proc = subprocess.run(
            ["bash", str(ENTRYPOINT)],
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-5000:]
        assert [call[:2] for call in fake_image.calls()] == [
            ["odoo", "-c"],
            ["odoo", "shell"],
            ["odoo", "-c"],
        ]
        assert fake_image.calls()[-1] == ["odoo", "-c", str(fake_image.conf)]

        def one(query, params=()):
            return _sql(db, query, params)[0][0]

        # MDD's profile, without demo data and without demo users.
        assert one("SELECT state FROM ir_module_module WHERE name = %s", (MODULES,)) == "installed"
        assert one("SELECT demo FROM ir_module_module WHERE name = 'base'") is False
        assert one("SELECT count(*) FROM ir_module_module WHERE demo") == 0
        assert (
            _sql(db, "SELECT login FROM res_users WHERE login = ANY(%s)", (list(DEMO_LOGINS),))
            == []
        )
        assert [row[0] for row in _sql(db, "SELECT login FROM res_users WHERE active")] == ["admin"]
        assert one("SELECT count(*) FROM helpdesk_ticket") == 0
        assert one("SELECT count(*) FROM mdd_complainant") == 0
        # The twelve municipalities of Drenthe, each routed to a bureau; the teams.
        assert (
            one(
                "SELECT count(*) FROM mdd_municipality"
                " WHERE in_service_area AND team_id IS NOT NULL"
            )
            == 12
        )
        assert one("SELECT count(*) FROM mdd_municipality WHERE in_service_area") == 12
        assert one("SELECT count(*) FROM helpdesk_ticket_team WHERE is_mdd_bureau") == 2
        # The registration lists.
        for table in (
            "mdd_ground",
            "mdd_domain",
            "mdd_manifestation",
            "mdd_outcome",
            "mdd_action_type",
        ):
            assert one(f"SELECT count(*) FROM {table}") > 0, table
        # Dutch.
        assert one("SELECT active FROM res_lang WHERE code = 'nl_NL'") is True
        assert (
            one(
                "SELECT l.code FROM website w JOIN res_lang l ON l.id = w.default_lang_id"
                " ORDER BY w.id LIMIT 1"
            )
            == "nl_NL"
        )
        # The admin user's password is no longer "admin": it is the kept one.
        secret = fake_image.secrets_dir / f"admin-password-{db}"
        assert _mode(secret) == 0o600
        password = secret.read_text().strip()
        stored = one("SELECT password FROM res_users WHERE login = 'admin'")
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); import mdd_runtime_conf as m; "
            "c = m.crypt_context(); "
            "print(c.verify('admin', sys.argv[2]), c.verify(sys.argv[3], sys.argv[2]))"
        )
        checked = subprocess.run(
            [sys.executable, "-c", code, str(HELPER.parent), stored, password],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert checked == ["False", "True"]

        # A second start creates nothing and changes no password.
        (fake_image.root / "calls").unlink()
        proc = subprocess.run(
            ["bash", str(ENTRYPOINT)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert fake_image.calls() == [["odoo", "-c", str(fake_image.conf)]]
        assert one("SELECT password FROM res_users WHERE login = 'admin'") == stored
    finally:
        _drop(db)


# --------------------------------------------------------------------------
# scripts/run
# --------------------------------------------------------------------------


def _scripts_run_env(data_dir, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MDD_ADMIN_PASSWD")}
    env.update(
        {
            "ODOO_SRC": require_env("ODOO_SRC"),
            "MDD_DB_USER": require_env("MDD_DB_USER"),
            "MDD_VENV": sys.prefix,
            "MDD_DATA_DIR": str(data_dir),
            "MDD_HTTP_PORT": str(_free_port()),
        }
    )
    env.update(extra)
    return env


def test_scripts_run_refuses_admin(tmp_path):
    db = f"mdd_never_{secrets.token_hex(4)}"
    proc = subprocess.run(
        [str(SCRIPTS_RUN)],
        env=_scripts_run_env(tmp_path, MDD_ADMIN_PASSWD="admin", MDD_DB=db),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert "'admin'" in proc.stderr
    assert not (tmp_path / "odoo.conf").exists()
    assert _sql("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (db,)) == []


def test_scripts_run_makes_a_master_password_and_uses_the_shipped_conf(shipped_server, tmp_path):
    data_dir = tmp_path / "data"
    proc = subprocess.run(
        [str(SCRIPTS_RUN), "--stop-after-init"],
        env=_scripts_run_env(data_dir, MDD_DB=shipped_server.db),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    secret = data_dir / "master-password"
    conf = data_dir / "odoo.conf"
    assert f"Master password: in {secret}" in proc.stdout
    assert f"Server configuration: {conf}" in proc.stdout
    assert "coordinator / coordinator" in proc.stdout  # the test database has demo data
    assert _mode(secret) == 0o600
    assert _mode(conf) == 0o600
    password = secret.read_text().strip()
    assert password not in proc.stdout + proc.stderr + conf.read_text()
    read = odoo_reads(conf, checks=(password, "admin"))
    assert read["verifies"] == {password: True, "admin": False}
    # The shipped settings, with a developer's overrides: no proxy, demo data
    # in a new database.
    assert read["proxy_mode"] is False
    assert read["without_demo"] is False
    assert read["list_db"] is False
    assert read["server_wide_modules"].split(",") == ["base", "web", "mdd_base"]
    assert (read["db_name"], read["dbfilter"]) == (shipped_server.db, f"^{shipped_server.db}$")
