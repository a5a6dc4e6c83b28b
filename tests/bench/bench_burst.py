"""Bench 5: a burst of public reports, as after a remark on television.

``n`` visitors submit a report through /melden, ``concurrency`` at a time,
against a server with the production configuration's workers and cron
thread. Every visitor is new (GET /melden for the CSRF token and the
one-time nonce, then the timed POST) and comes from its own loopback source
address (127.x.y.z, bound on the client socket): the per-client throttle
stays on and its table is never emptied. The server runs without
proxy_mode, so the address Odoo counts is the socket's peer address (see
RESULTS.md).

The anchor, in the same run and at the same load, is the stock OCA ticket
form: logged-in portal users (one session per client thread) doing GET
/new/ticket, the timed POST /submitted/ticket and the GET of the ticket page
it redirects to. Throughput is completed submissions per second of wall
time over each phase (every request of a submission included).

Afterwards the bench waits until the server's cron has done the after-intake
work (:func:`benchlib.wait_intake_done`) and checks in the database: every
number on a receipt is stored once, no report is stored without a receipt,
and every report has exactly one confirmation mail queued.
"""

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import requests
from bench_report import CSRF, NONCE, NUMBER, anchor_post, portal_session
from bench_report import setup as report_setup
from benchlib import median, ms, p95, p99, row
from requests.adapters import HTTPAdapter

DESCRIPTION = "Burst melding"
FIELD_ERROR = re.compile(r'data-field="([^"]+)"')


def setup(env):
    """The form's master data and the anchor's portal user. The mail queue
    cron is switched off in this throwaway database so that the queued mails
    stay countable (with no mail server they would fail, or be sent and
    deleted)."""
    data = report_setup(env)
    cron = env.ref("mail.ir_cron_mail_scheduler_action", raise_if_not_found=False)
    if cron:
        cron.active = False
    env.cr.execute("SELECT COALESCE(max(id), 0) FROM helpdesk_ticket")
    data["first_id"] = env.cr.fetchone()[0] + 1
    return data


def check(env, first_id, numbers):
    """Stored reports of the burst against the receipts' numbers, and the
    confirmation mails queued per report."""
    cr = env.cr
    cr.execute(
        """SELECT number, count(*) FROM helpdesk_ticket
            WHERE id >= %s AND is_mdd_report AND description LIKE %s
            GROUP BY number""",
        (first_id, f"%{DESCRIPTION}%"),
    )
    stored = dict(cr.fetchall())
    receipts = set(numbers)
    # The confirmation mail: the template's mail (not a notification) on the
    # report, its subject ending with the report's number.
    cr.execute(
        """SELECT t.id, count(mm.id)
             FROM helpdesk_ticket t
             LEFT JOIN mail_message m
                    ON m.model = 'helpdesk.ticket' AND m.res_id = t.id
                   AND m.subject LIKE '%%' || t.number
             LEFT JOIN mail_mail mm
                    ON mm.mail_message_id = m.id AND NOT COALESCE(mm.is_notification, FALSE)
            WHERE t.id >= %s AND t.is_mdd_report AND t.description LIKE %s
            GROUP BY t.id""",
        (first_id, f"%{DESCRIPTION}%"),
    )
    mails = [count for __, count in cr.fetchall()]
    return {
        "stored": sum(stored.values()),
        "duplicates": sum(count - 1 for count in stored.values() if count > 1),
        "lost": len(receipts - set(stored)),
        "without_receipt": len(set(stored) - receipts),
        "receipt_duplicates": len(numbers) - len(receipts),
        "mails": sum(mails),
        "reports_without_mail": sum(1 for count in mails if count == 0),
        "reports_with_more_mails": sum(1 for count in mails if count > 1),
    }


class _SourceAddressAdapter(HTTPAdapter):
    """Connections from one loopback source address."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def visitor_address(i):
    """A distinct 127.x.y.z address per visitor (never 127.0.0.1)."""
    return f"127.{1 + i // 62_500}.{1 + (i // 250) % 250}.{1 + i % 250}"


class Burst:
    def __init__(self, url, data):
        self.url = url
        self.data = data
        self.local = threading.local()

    def report(self, i, description=DESCRIPTION):
        session = requests.Session()
        session.mount("http://", _SourceAddressAdapter(visitor_address(i)))
        form = session.get(f"{self.url}/melden", timeout=120)
        payload = {
            "csrf_token": CSRF.search(form.text).group(1),
            "form_nonce": NONCE.search(form.text).group(1),
            "description": f"{description} {i}: uitspraak in een tv-programma.",
            "incident_date": (date.today() - timedelta(days=1)).isoformat(),
            "incident_municipality": str(self.data["municipality"]),
            "incident_place": "Televisie",
            "ground_ids": [str(self.data["ground"])],
            "manifestation_ids": [str(self.data["manifestation"])],
            "role": "witness",
            "contact": "yes",
            "name": f"Burst Melder {i}",
            "email": f"burst-melder-{i}@example.org",
            "contact_channel": "email",
            "residence_municipality": str(self.data["municipality"]),
            "age_group": "30_44",
            "consent_register": "1",
        }
        start = time.perf_counter()
        response = session.post(f"{self.url}/melden", data=payload, timeout=120)
        elapsed = time.perf_counter() - start
        found = NUMBER.search(response.text) if response.status_code == 200 else None
        if not found:
            errors = FIELD_ERROR.findall(response.text)
            raise RuntimeError(f"no receipt: HTTP {response.status_code} {errors[:3]}")
        return elapsed, found.group(1).strip()

    def anchor(self, i):
        session = portal_session(self.url, self.local)
        __, elapsed, location = anchor_post(session, self.url, f"Burst anchor {i}")
        if location is None:
            return elapsed, None
        page = session.get(requests.compat.urljoin(self.url, location), timeout=120)
        return elapsed, location if page.status_code == 200 else None


def _phase(func, n, concurrency):
    failures = {}

    def one(i):
        try:
            return func(i)
        except Exception as exc:  # a failed request is an error of the benchmark
            reason = str(exc)[:200]
            failures[reason] = failures.get(reason, 0) + 1
            return 0.0, None

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(n)))
    wall = time.perf_counter() - start
    times = [elapsed for elapsed, ok in results if ok]
    return {
        "times": times,
        "errors": n - len(times),
        "wall": wall,
        "throughput": len(times) / wall if wall else 0.0,
        "numbers": [ok for __, ok in results if ok],
        "failures": failures,
    }


def run(url, data, *, n, concurrency):
    """The anchor phase, then the burst; both at ``concurrency``."""
    burst = Burst(url, data)
    # Warm up both paths (templates, registry, portal logins) outside the
    # measurement; the warm-up reports come from addresses of their own.
    _phase(lambda i: burst.anchor(-1 - i), concurrency, concurrency)
    _phase(lambda i: burst.report(100_000 + i, "Warming up"), 2, 2)
    anchor = _phase(burst.anchor, n, concurrency)
    anchor.pop("numbers")
    report = _phase(burst.report, n, concurrency)
    return {"report": report, "anchor": anchor, "n": n, "concurrency": concurrency}


def rows(result, stored, workers):
    rep, anc = result["report"], result["anchor"]
    ratio = rep["throughput"] / anc["throughput"] if anc["throughput"] else float("nan")
    lost = stored["lost"] + stored["without_receipt"]
    mails_ok = not stored["reports_without_mail"] and not stored["reports_with_more_mails"]
    checks_ok = not (stored["duplicates"] or stored["receipt_duplicates"] or lost) and mails_ok
    met = rep["errors"] == 0 and checks_ok and p95(rep["times"]) < 1 and ratio >= 0.8
    return [
        row(
            f"5 Burst POST /melden, {workers} workers (c={result['concurrency']})",
            f"{result['n']} ({rep['errors']} errors, {stored['stored']} stored, "
            f"{stored['duplicates']} dup, {lost} lost, {stored['mails']} mails"
            + ("" if mails_ok else f", {stored['reports_without_mail']} without mail")
            + ")",
            med=f"{rep['throughput']:.1f}/s; {ms(median(rep['times']))}",
            p_95=f"{ms(p95(rep['times']))} / {ms(p99(rep['times']))}",
            anchor=f"{anc['throughput']:.1f}/s; {ms(median(anc['times']))}, "
            f"p95 {ms(p95(anc['times']))} (OCA ticket, {anc['errors']} errors)",
            ratio=f"{ratio:.2f}x",
            goal="0 errors, 0 lost, p95<1 s, >=0.8x anchor/s",
            met="YES" if met else "NO",
        )
    ]
