"""Nothing is lost when the server stops between a report and its job.

A server without a cron worker takes a report with contact through /melden
(the after-intake job cannot run there); it is killed with SIGKILL right
after the response. The report is in the database, its after-intake work
pending, no mail and no staff note yet. A server with workers and one cron
worker, as in production, is started on the same database: the job runs on
its own, the confirmation is really sent (to an SMTP sink in this test) and
received once, and the staff note is there once.
"""

import email
import email.policy
import os
import re
import secrets
import shutil
import signal
import socketserver
import subprocess
import tempfile
import threading
import time
from contextlib import closing, suppress
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from e2e_env import (
    connect,
    free_port,
    make_test_database,
    odoo_env,
    psql,
    require_env,
    wait_until_up,
)
from odoo_launcher import command as launcher_command

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NONCE = re.compile(r'name="form_nonce" value="([^"]+)"')
NUMBER = re.compile(r'id="mdd_report_number">([^<]+)<')
EMAIL = "crash-melder@example.org"
WAIT_SECONDS = 240


class SmtpSink(socketserver.ThreadingTCPServer):
    """A minimal SMTP server on loopback that accepts every message and
    keeps ``(recipients, data)``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.messages = []
        self.lock = threading.Lock()

    @property
    def port(self):
        return self.server_address[1]


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ESMTP")
        recipients, reading = [], False
        data = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            if reading:
                if line in (b".\r\n", b".\n"):
                    with self.server.lock:
                        self.server.messages.append((recipients, b"".join(data)))
                    recipients, data, reading = [], [], False
                    self.reply("250 queued")
                else:
                    data.append(line[1:] if line.startswith(b"..") else line)
                continue
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.reply("250-sink")
                self.reply("250 8BITMIME")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 ok")
            elif verb == "DATA":
                reading = True
                self.reply("354 end with .")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # HELO, MAIL, RSET, NOOP
                if verb == "MAIL":
                    recipients, data = [], []
                self.reply("250 ok")


def start_server(db, data_dir, port, smtp_port, *, cron_threads):
    return subprocess.Popen(
        launcher_command(
            require_env("MDD_DB_USER"),
            f"--data-dir={data_dir}",
            "-d",
            db,
            f"--db-filter=^{db}$",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--workers=2",
            f"--max-cron-threads={cron_threads}",
            "--smtp=127.0.0.1",
            f"--smtp-port={smtp_port}",
            f"--logfile={data_dir / 'odoo.log'}",
            "--log-level=info",
        ),
        env=odoo_env(),
        start_new_session=True,  # its own process group: killed as a whole
    )


def kill_hard(proc):
    """SIGKILL to the server and its workers: no clean shutdown."""
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def sql(db, query, params=()):
    with closing(connect(db)) as conn, conn, conn.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall() if cr.description else []


def send_report(url, db):
    municipality = sql(db, "SELECT id FROM mdd_municipality WHERE cbs_code = 'GM0106'")[0][0]
    ground = sql(db, "SELECT id FROM mdd_ground WHERE active ORDER BY id LIMIT 1")[0][0]
    manifestation = sql(db, "SELECT id FROM mdd_manifestation WHERE active ORDER BY id LIMIT 1")[0][
        0
    ]
    session = requests.Session()
    page = session.get(f"{url}/melden", timeout=120)
    assert page.status_code == 200
    response = session.post(
        f"{url}/melden",
        data={
            "csrf_token": CSRF.search(page.text).group(1),
            "form_nonce": NONCE.search(page.text).group(1),
            "description": "Bij de ingang werd ik weggestuurd (crash test).",
            "incident_date": (date.today() - timedelta(days=3)).isoformat(),
            "incident_municipality": str(municipality),
            "incident_place": "Markt",
            "ground_ids": [str(ground)],
            "manifestation_ids": [str(manifestation)],
            "role": "victim",
            "contact": "yes",
            "name": "Crash Melder",
            "email": EMAIL,
            "contact_channel": "email",
            "residence_municipality": str(municipality),
            "age_group": "30_44",
            "consent_register": "1",
        },
        timeout=120,
    )
    assert response.status_code == 200
    number = NUMBER.search(response.text)
    assert number, "no thank-you page"
    return number.group(1).strip()


def staff_notes(db, report_id):
    return sql(
        db,
        """SELECT count(*) FROM mail_message m
             JOIN mail_message_subtype s ON s.id = m.subtype_id
             JOIN ir_model_data d ON d.model = 'mail.message.subtype' AND d.res_id = s.id
            WHERE m.model = 'helpdesk.ticket' AND m.res_id = %s
              AND m.message_type = 'notification'
              AND d.module = 'mail' AND d.name = 'mt_note'
              AND m.author_id = (SELECT res_id FROM ir_model_data
                                  WHERE module = 'base' AND name = 'partner_root')""",
        (report_id,),
    )[0][0]


def mails_to(sink):
    with sink.lock:
        return [data for recipients, data in sink.messages if EMAIL in recipients]


@pytest.fixture
def database():
    db = f"mdd_crash_{secrets.token_hex(4)}"
    data_dir = Path(tempfile.mkdtemp(prefix="mdd-crash-"))
    try:
        make_test_database(db, data_dir, data_dir / "install.log")
        yield db, data_dir
    finally:
        psql("-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    yield sink
    sink.shutdown()
    sink.server_close()


def test_report_survives_a_kill_before_its_job(database, smtp_sink):
    db, data_dir = database
    log_path = data_dir / "odoo.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    sql(db, "DELETE FROM mdd_throttle")

    # 1. No cron worker: the job cannot run. Kill right after the response.
    proc = start_server(db, data_dir, port, smtp_sink.port, cron_threads=0)
    try:
        wait_until_up(proc, url, log_path)
        number = send_report(url, db)
    finally:
        kill_hard(proc)

    rows = sql(
        db, "SELECT id, mdd_intake_pending FROM helpdesk_ticket WHERE number = %s", (number,)
    )
    assert len(rows) == 1, "the report is stored once"
    report_id, pending = rows[0]
    assert pending, "its after-intake work is pending"
    assert sql(
        db,
        """SELECT count(*) FROM ir_cron_trigger t
             JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = t.cron_id
            WHERE d.module = 'mdd_meldpunt' AND d.name = 'ir_cron_mdd_after_intake'""",
    )[0][0], "the job's trigger is stored with the report"
    assert (
        sql(
            db,
            """SELECT count(*) FROM mail_mail m JOIN mail_message msg ON msg.id = m.mail_message_id
            WHERE msg.model = 'helpdesk.ticket' AND msg.res_id = %s""",
            (report_id,),
        )[0][0]
        == 0
    ), "no mail yet"
    assert staff_notes(db, report_id) == 0, "no staff note yet"
    assert mails_to(smtp_sink) == []

    # 2. Restart as in production (workers and one cron worker): the job
    # runs by its trigger, the mail queue sends the confirmation.
    proc = start_server(db, data_dir, port, smtp_sink.port, cron_threads=1)
    try:
        wait_until_up(proc, url, log_path)
        deadline = time.monotonic() + WAIT_SECONDS
        while not mails_to(smtp_sink):
            assert proc.poll() is None, f"Odoo exited; see {log_path}"
            assert time.monotonic() < deadline, (
                f"no confirmation in {WAIT_SECONDS} s; see {log_path}"
            )
            time.sleep(1)
        # Any second mail or note would come from the same run: let it finish.
        time.sleep(5)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill_hard(proc)

    received = mails_to(smtp_sink)
    assert len(received) == 1, "the confirmation is received once"
    message = email.message_from_bytes(received[0], policy=email.policy.default)
    assert number in message["Subject"]
    assert sql(
        db, "SELECT mdd_intake_pending FROM helpdesk_ticket WHERE id = %s", (report_id,)
    ) == [(False,)]
    assert staff_notes(db, report_id) == 1, "the staff note exists once"
    failed = sql(
        db,
        """SELECT count(*) FROM mail_mail m JOIN mail_message msg ON msg.id = m.mail_message_id
            WHERE msg.model = 'helpdesk.ticket' AND msg.res_id = %s AND m.state = 'exception'""",
        (report_id,),
    )[0][0]
    assert failed == 0
