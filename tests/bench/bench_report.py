"""Bench 1: the public report form against the stock helpdesk portal form.

Every submission is a new visitor: GET /melden (CSRF token and one-time
nonce), then the timed POST, which stores the complainant and the report,
marked ``mdd_intake_pending``, and triggers the after-intake job. The server
runs one cron worker, as in production: the job (staff note, confirmation
mail queued) runs during the measurement, on the same cores. After the run
the bench waits until no report is pending (:func:`benchlib.wait_intake_done`), then
counts the confirmations: one per report, none twice. The mail queue is
switched off in the throwaway database, so queued mails stay countable and
nothing is sent. The anchor, in the same run and interleaved with it, is a
logged-in portal user submitting a stock OCA helpdesk ticket: GET
/new/ticket, then the timed POST /submitted/ticket.

The form's throttle (``mdd.throttle``, REPORT_LIMIT posts per client per 10
minutes) counts per client address, and every benchmark request comes from
127.0.0.1. The benchmark does not change the add-on: its client empties the
throttle table (a benchmark-only database) before every tenth submission, so
the throttle's own queries stay in the measured path.
"""

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import psycopg2
import requests
from benchlib import median, ms, p95, row

CSRF = re.compile(r'(?:name="csrf_token" value="|csrf_token: ")([^"]+)"')
NONCE = re.compile(r'name="form_nonce" value="([^"]+)"')
NUMBER = re.compile(r'id="mdd_report_number">([^<]+)<')
PORTAL_LOGIN = "bench-portal@example.org"
PORTAL_PASSWORD = "bench-portal-Secret-1"  # a throwaway database only


def setup(env):
    """Master data ids for the form, and a portal user for the anchor (one
    user for the benches that share a database)."""
    user = env["res.users"].search([("login", "=", PORTAL_LOGIN)]) or (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": "Bench Portal",
                "login": PORTAL_LOGIN,
                "password": PORTAL_PASSWORD,
                "email": PORTAL_LOGIN,
                "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
            }
        )
    )
    data = {
        "portal_uid": user.id,
        # One the public form offers (the bureau region's municipalities).
        "municipality": env["mdd.municipality"]._public_choices()[:1].id,
        "ground": env["mdd.ground"].search([("parent_id", "=", False)], limit=1).id,
        "manifestation": env["mdd.manifestation"].search([], limit=1).id,
    }
    # Queued mails stay in mail_mail (counted), none is sent.
    env.ref("mail.ir_cron_mail_scheduler_action").active = False
    env.cr.execute("SELECT count(*) FROM mail_mail")
    data["mails_before"] = env.cr.fetchone()[0]
    return data


# One row per report: how many confirmation mails it has (the mails of the
# report's thread addressed to its complainant's contact).
CONFIRMATIONS_SQL = """
    SELECT t.id, t.mdd_intake_pending, c.email IS NOT NULL AND c.consent_contact AS wants_mail,
           (SELECT count(*) FROM mail_mail m
              JOIN mail_message msg ON msg.id = m.mail_message_id
              JOIN mail_mail_res_partner_rel r ON r.mail_mail_id = m.id
             WHERE msg.model = 'helpdesk.ticket' AND msg.res_id = t.id
               AND r.res_partner_id = c.partner_id) AS confirmations
      FROM helpdesk_ticket t
      JOIN mdd_complainant c ON c.id = t.complainant_id
     WHERE t.is_mdd_report
"""


def confirmation_counts(cr):
    """Reports, pending ones, and their confirmation mails: ``missing`` and
    ``duplicated`` count the reports with contact by mail that have none,
    or more than one."""
    cr.execute(CONFIRMATIONS_SQL)
    rows = cr.fetchall()
    return {
        "reports": len(rows),
        "pending": sum(1 for r in rows if r[1]),
        "confirmations": sum(r[3] for r in rows),
        "missing": sum(1 for r in rows if r[2] and r[3] == 0),
        "duplicated": sum(1 for r in rows if r[3] > 1),
    }


def count_stored(env, mails_before):
    env.cr.execute("SELECT count(*) FROM helpdesk_ticket WHERE name LIKE 'Bench anchor %%'")
    anchors = env.cr.fetchone()[0]
    env.cr.execute("SELECT count(*) FROM mail_mail")
    mails = env.cr.fetchone()[0] - mails_before
    return {"anchors": anchors, "mails": mails, **confirmation_counts(env.cr)}


def portal_session(url, local):
    """The anchor's portal user, logged in once per client thread (``local``,
    a ``threading.local``), outside the measurement."""
    session = getattr(local, "session", None)
    if session is None:
        session = requests.Session()
        page = session.get(f"{url}/web/login", timeout=120)
        session.post(
            f"{url}/web/login",
            data={
                "csrf_token": CSRF.search(page.text).group(1),
                "login": PORTAL_LOGIN,
                "password": PORTAL_PASSWORD,
            },
            timeout=120,
        )
        local.session = session
    return session


def anchor_post(session, url, subject):
    """The anchor: the stock OCA form, GET /new/ticket, then the timed POST
    /submitted/ticket. Returns ``(start, elapsed, location)``, ``location``
    the ticket page the POST redirects to, or None when it did not."""
    form = session.get(f"{url}/new/ticket", timeout=120)
    payload = {
        "csrf_token": CSRF.search(form.text).group(1),
        "subject": subject,
        "description": f"{subject}: de lamp in de gang is kapot.",
    }
    start = time.perf_counter()
    response = session.post(
        f"{url}/submitted/ticket", data=payload, timeout=120, allow_redirects=False
    )
    elapsed = time.perf_counter() - start
    location = response.headers.get("Location", "")
    ok = response.status_code in (302, 303) and "/my/ticket/" in location
    return start, elapsed, location if ok else None


class Client:
    def __init__(self, url, db_name, db_user, data):
        self.url = url
        self.data = data
        self.lock = threading.Lock()
        self.posts = 0
        self.conn = psycopg2.connect(dbname=db_name, user=db_user)
        self.conn.autocommit = True
        self.local = threading.local()
        self.anchor_with_page = []

    def _clear_throttle(self):
        with self.lock:
            self.posts += 1
            if self.posts % 10 == 1:
                with self.conn.cursor() as cr:
                    cr.execute("DELETE FROM mdd_throttle")

    def report(self, i):
        session = requests.Session()
        form = session.get(f"{self.url}/melden", timeout=120)
        payload = {
            "csrf_token": CSRF.search(form.text).group(1),
            "form_nonce": NONCE.search(form.text).group(1),
            "description": f"Bench melding {i}: bij de deur van de disco geweigerd.",
            "incident_date": (date.today() - timedelta(days=3)).isoformat(),
            "incident_municipality": str(self.data["municipality"]),
            "incident_place": "Markt",
            "ground_ids": [str(self.data["ground"])],
            "manifestation_ids": [str(self.data["manifestation"])],
            "role": "victim",
            "contact": "yes",
            "name": f"Bench Melder {i}",
            "email": f"bench-melder-{i}@example.org",
            "contact_channel": "email",
            "residence_municipality": str(self.data["municipality"]),
            "age_group": "30_44",
            "consent_register": "1",
        }
        self._clear_throttle()
        start = time.perf_counter()
        response = session.post(f"{self.url}/melden", data=payload, timeout=120)
        elapsed = time.perf_counter() - start
        ok = response.status_code == 200 and NUMBER.search(response.text) is not None
        return "report", elapsed, ok

    def anchor(self, i):
        session = portal_session(self.url, self.local)
        start, elapsed, location = anchor_post(session, self.url, f"Bench anchor {i}")
        ok = location is not None
        if ok:
            # What the user sees next: the ticket page (timed separately).
            page = session.get(requests.compat.urljoin(self.url, location), timeout=120)
            ok = page.status_code == 200
            with self.lock:
                self.anchor_with_page.append(time.perf_counter() - start)
        return "anchor", elapsed, ok


def run(url, db_name, db_user, data, *, n, concurrency):
    """``n`` reports and ``n`` anchor tickets, interleaved, ``concurrency`` at a time."""
    client = Client(url, db_name, db_user, data)
    # Warm up both paths (templates, registry) outside the measurement.
    for i in range(2):
        client.report(-1 - i)
        client.anchor(-1 - i)
    tasks = []
    for i in range(n):
        tasks += [(client.report, i), (client.anchor, i)]
    results = {"report": [], "anchor": []}
    errors = {"report": 0, "anchor": 0}

    def one(task):
        func, i = task
        try:
            return func(i)
        except Exception:  # a failed request is an error of the benchmark
            return func.__name__, 0.0, False

    with ThreadPoolExecutor(concurrency) as pool:
        for kind, elapsed, ok in pool.map(one, tasks):
            if ok:
                results[kind].append(elapsed)
            else:
                errors[kind] += 1
    client.conn.close()
    return {
        "times": results,
        "anchor_with_page": client.anchor_with_page[4:],  # without the warm-up
        "errors": errors,
        "n": n,
        "concurrency": concurrency,
    }


def rows(result, stored):
    rep, anc = result["times"]["report"], result["times"]["anchor"]
    errors = result["errors"]
    ratio = median(rep) / median(anc) if rep and anc else float("nan")
    met = (
        ratio <= 1.2
        and errors["report"] == 0
        and not (stored["pending"] or stored["missing"] or stored["duplicated"])
    )
    page = result["anchor_with_page"]
    ratio_page = median(rep) / median(page) if rep and page else float("nan")
    return [
        row(
            f"1 Public report POST /melden (c={result['concurrency']})",
            f"{result['n']} ({errors['report']} errors; {stored['confirmations']} "
            f"confirmations for {stored['reports']} reports, {stored['missing']} missing, "
            f"{stored['duplicated']} twice; jobs done {result['drain']:.1f} s after the run)",
            med=ms(median(rep)),
            p_95=ms(p95(rep)),
            anchor=f"{ms(median(anc))} (OCA portal ticket, {errors['anchor']} errors)",
            ratio=f"{ratio:.2f}x",
            goal="<=1.2x anchor, no errors",
            met="YES" if met else "NO",
        ),
        row(
            "1b same, anchor incl. its confirmation page",
            f"{result['n']}",
            med=ms(median(rep)),
            p_95=ms(p95(rep)),
            anchor=f"{ms(median(page))} (POST + GET /my/ticket/N)",
            ratio=f"{ratio_page:.2f}x",
            goal="(context only)",
            met="-",
        ),
    ]
