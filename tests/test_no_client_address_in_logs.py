"""No client address in the server log (mdd_base/tools/request_log.py).

A real Odoo server is started with ``mdd_base`` loaded server-wide, as the
shipped configuration does, writing its log to a file. A visitor whose
connection comes from 127.0.0.2 (a loopback address no other test uses)
opens and sends the public report form, and tries to log in with a wrong
password (the login lines of ``res.users`` name the address they come from).
Then the log must hold the request lines, with method, path and status, and
no trace of the visitor's address, nor of the address a proxy forwards in
``X-Forwarded-For`` when Odoo runs with ``--proxy-mode``, nor of the values
of a query string.

Three servers, one after the other, on one copy of the test database:

* prefork workers at info level, as in production;
* prefork workers behind a proxy (``--proxy-mode``, forwarding headers);
* the threaded server behind a proxy, at debug level.
"""

import http.server
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import psycopg2
import pytest
import requests
from e2e_env import free_port as _free_port
from e2e_env import make_test_database, odoo_env, psql, require_env, wait_until_up
from odoo_launcher import command as launcher_command
from requests.adapters import HTTPAdapter

VISITOR = "127.0.0.2"  # the client's own address
FORWARDED = "127.0.0.9"  # the address a proxy says the client has
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NONCE = re.compile(r'name="form_nonce" value="([^"]+)"')
CODE = re.compile(r'id="mdd_receipt_code">([^<]+)<')
REQUEST_LINE = re.compile(r' werkzeug: (\S+) - - \[[^\]]+\] "(\w+) (\S+) HTTP/1\.1" (\d{3}) ')

RUNS = {
    "prefork": {"workers": 2, "proxy": False, "level": "info"},
    "prefork_proxy": {"workers": 2, "proxy": True, "level": "info"},
    "threaded_proxy_debug": {"workers": 0, "proxy": True, "level": "debug"},
}


class SourceAddressAdapter(HTTPAdapter):
    """Connections made from a given local address (``requests`` has no
    option for it; ``requests_toolbelt`` is not needed for one line)."""

    def __init__(self, address, **kwargs):
        self.source_address = (address, 0)
        super().__init__(**kwargs)

    def init_poolmanager(self, connections, maxsize, block=False, **kwargs):
        kwargs["source_address"] = self.source_address
        super().init_poolmanager(connections, maxsize, block=block, **kwargs)


def visitor_session(proxy):
    session = requests.Session()
    adapter = SourceAddressAdapter(VISITOR)
    session.mount("http://", adapter)
    session.cookies.set("frontend_lang", "nl_NL")
    if proxy:
        # What a reverse proxy sends (Odoo applies them with X-Forwarded-Host).
        session.headers.update(
            {
                "X-Forwarded-For": FORWARDED,
                "X-Forwarded-Host": "meldpunt.example.org",
                "X-Forwarded-Proto": "https",
                "X-Real-IP": FORWARDED,
            }
        )
    return session


def _sql(db, query, params=()):
    kwargs = {"dbname": db, "user": require_env("MDD_DB_USER")}
    for key, name in (("host", "PGHOST"), ("port", "PGPORT")):
        if os.environ.get(name):
            kwargs[key] = os.environ[name]
    with closing(psycopg2.connect(**kwargs)) as conn, conn, conn.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall() if cr.description else []


def test_the_visitor_connects_from_its_own_address():
    """The check below means something only if the connections really come
    from VISITOR: an echo server tells which address it sees."""
    seen = []

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.client_address[0])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        response = visitor_session(proxy=False).get(
            f"http://127.0.0.1:{server.server_address[1]}/", timeout=30
        )
        assert response.status_code == 204
    finally:
        thread.join(timeout=30)
        server.server_close()
    assert seen == [VISITOR]


@pytest.fixture(scope="module")
def database():
    """A copy of the test database (or a fresh install) with its filestore."""
    db = f"mdd_e2e_log_{secrets.token_hex(4)}"
    data_dir = Path(tempfile.mkdtemp(prefix="mdd-e2e-log-"))
    try:
        make_test_database(db, data_dir, data_dir / "install.log")
        yield db, data_dir
    finally:
        psql("-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


def start_server(db, data_dir, log_path, *, workers, proxy, level):
    port = _free_port()
    args = [
        f"--data-dir={data_dir}",
        "-d",
        db,
        f"--db-filter=^{db}$",
        # Server-wide, as config/odoo.conf ships it: patched before the fork.
        "--load=base,web,mdd_base",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--workers={workers}",
        "--max-cron-threads=0",
        f"--logfile={log_path}",
        f"--log-level={level}",
    ]
    if proxy:
        args.append("--proxy-mode")
    proc = subprocess.Popen(launcher_command(require_env("MDD_DB_USER"), *args), env=odoo_env())
    return proc, f"http://127.0.0.1:{port}"


def stop_server(proc):
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


def report_form_data(db, marker):
    assen = _sql(db, "SELECT id FROM mdd_municipality WHERE cbs_code = 'GM0106'")[0][0]
    ground = _sql(db, "SELECT id FROM mdd_ground WHERE active ORDER BY id LIMIT 1")[0][0]
    manifestation = _sql(db, "SELECT id FROM mdd_manifestation WHERE active ORDER BY id LIMIT 1")
    return {
        "description": f"Bij de ingang werd ik weggestuurd ({marker}).",
        "incident_date": (date.today() - timedelta(days=3)).isoformat(),
        "incident_municipality": str(assen),
        "incident_place": "Markt",
        "ground_ids": [str(ground)],
        "manifestation_ids": [str(manifestation[0][0])],
        "role": "victim",
        "contact": "no",
        "residence_municipality": str(assen),
        "age_group": "30_44",
        "consent_register": "1",
    }


@pytest.mark.parametrize("run", list(RUNS))
def test_no_client_address_in_the_log(database, run):
    db, data_dir = database
    options = RUNS[run]
    log_path = data_dir / f"odoo-{run}.log"
    _sql(db, "DELETE FROM mdd_throttle")
    session = visitor_session(options["proxy"])
    proc, url = start_server(db, data_dir, log_path, **options)
    try:
        wait_until_up(proc, url, log_path, get=session.get)
        # The public report form, opened and sent.
        marker = f"logtest-{secrets.token_hex(6)}"
        page = session.get(f"{url}/melden", timeout=60)
        assert page.status_code == 200
        data = dict(
            report_form_data(db, marker),
            csrf_token=CSRF.search(page.text).group(1),
            form_nonce=NONCE.search(page.text).group(1),
        )
        response = session.post(f"{url}/melden", data=data, timeout=120)
        assert response.status_code == 200
        assert CODE.search(response.text), "no thank-you page: the report was not stored"
        stored = _sql(
            db,
            "SELECT count(*) FROM helpdesk_ticket WHERE description::text LIKE %s",
            (f"%{marker}%",),
        )
        assert stored == [(1,)]
        # A login with a wrong password: res.users logs "Login failed ... from <address>".
        page = session.get(f"{url}/web/login", timeout=60)
        response = session.post(
            f"{url}/web/login",
            data={
                "login": "coordinator",
                "password": "not-the-password",
                "csrf_token": CSRF.search(page.text).group(1),
                "redirect": "",
            },
            timeout=60,
        )
        assert response.status_code == 200
        # A query string: its values (tokens, typed words) stay out too.
        assert session.get(f"{url}/melden?bron=geheim-{marker}", timeout=60).status_code == 200
        # A page that does not exist, and a request werkzeug cannot parse.
        assert session.get(f"{url}/melden/bestaat-niet", timeout=60).status_code == 404
        with socket.create_connection(
            ("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=30, source_address=(VISITOR, 0)
        ) as raw:
            raw.sendall(b"NONSENSE\r\n\r\n")
            raw.recv(1024)
    finally:
        stop_server(proc)

    log = log_path.read_text(encoding="utf-8", errors="replace")
    lines = REQUEST_LINE.findall(log)
    requests_seen = {(method, path, status) for __, method, path, status in lines}
    assert ("GET", "/melden", "200") in requests_seen, log[-4000:]
    assert ("POST", "/melden", "200") in requests_seen, log[-4000:]
    assert ("POST", "/web/login", "200") in requests_seen
    assert ("GET", "/melden/bestaat-niet", "404") in requests_seen
    assert ("GET", "/melden?bron=-", "200") in requests_seen
    assert f"geheim-{marker}" not in log
    # Where werkzeug wrote the address, it writes "-"; the line keeps the
    # query count and the durations Odoo adds.
    assert {address for address, *__ in lines} == {"-"}
    post = next(line for line in log.splitlines() if '"POST /melden HTTP/1.1" 200' in line)
    assert re.search(r'" 200 - \d+ \d+\.\d+ \d+\.\d+', post), post
    assert re.search(r"Login failed for db:\S+ login:coordinator from -", log), "login line"
    for address in (VISITOR, FORWARDED):
        found = [line for line in log.splitlines() if address in line]
        assert not found, f"{address} in the log ({run}): {found[:5]}"
