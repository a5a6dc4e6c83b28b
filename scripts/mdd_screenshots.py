"""Screenshots of the README, taken in real Chromium from a fresh demo database.

Run through scripts/screenshots (it sets the environment). Steps:

1. create a database with MDD's profile and demo data (or reuse one: --db
   NAME --reuse), start Odoo on a free port;
2. start Debian's Chromium headless and drive it through the DevTools
   protocol, in Dutch (Accept-Language: nl, locale nl-NL, Europe/Amsterdam);
3. as a visitor on a phone: the report form, a report sent through it (the
   receipt page) and its status page opened with the receipt code just shown;
4. as the demo users (password = login): the reports kanban, a report form,
   the dashboard and page 1 of the figures PDF of Assen, converted with
   pdftoppm (coordinator), the sessions calendar (planner) and the
   organisation portal (school);
5. stop Odoo and Chromium, drop the database (unless --keep-db).

Every page must show a known element, without a loading indicator, with all
fonts and images loaded and no request in flight, before its picture is
taken; a page that does not get there stops the run with a clear message and
a non-zero exit status (its half-loaded picture is kept in the work directory
for a look).
"""

import argparse
import base64
import contextlib
import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from odoo_launcher import command as launcher_command  # noqa: E402

OUT_DIR = ROOT / "docs" / "screenshots"
MODULES = "mdd_profile_drenthe"
# The dashboard of the coordinators: a client action (its page holds the
# charts; Chart.js draws them on canvases).
DASHBOARD_ACTION = "mdd_meldpunt.action_mdd_dashboard"
DASHBOARD_READY = ".o_mdd_dashboard, .o_action canvas"
# The demo report shown in the backend form: grounds, domain, manifestation,
# municipality, complainant and handler filled in.
DEMO_REPORT = "mdd_profile_drenthe.demo_report_1"
# What a run writes to docs/screenshots/ (the README links each of them).
IMAGES = (
    "report-form-phone.png",
    "report-receipt-phone.png",
    "report-status-phone.png",
    "reports-kanban.png",
    "report-form.png",
    "dashboard.png",
    "figures-pdf.png",
    "planner-calendar.png",
    "portal-organisation.png",
)

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1440, "height": 900, "deviceScaleFactor": 1, "mobile": False}
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36"
)

# A page is ready when the document and its fonts and images are loaded,
# Odoo shows no loading indicator or blocking overlay, and the page's own
# element is there.
READY_JS = """
(selector) => {
    const waiting = [];
    if (document.readyState !== "complete") waiting.push("document");
    if (document.fonts.status !== "loaded") waiting.push("fonts");
    const images = [...document.images].filter((img) => img.loading !== "lazy" && !img.complete);
    if (images.length) waiting.push("images " + images.map((img) => img.src).join(" "));
    if (document.querySelector(".o_loading_indicator, .o_blockUI")) {
        waiting.push("loading indicator");
    }
    if (!document.querySelector(selector)) waiting.push("no " + selector);
    return waiting.join("; ");
}
"""

# Fills the public report form as a visitor would and sends it.
FILL_REPORT_JS = """
(incidentDate) => {
    const form = document.querySelector("form#mdd_report_form");
    const set = (name, value) => {
        const el = form.querySelector(`[name='${name}']`);
        if (!el) throw new Error(`no field ${name} on the report form`);
        el.value = value;
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
    };
    const choose = (name, label) => {
        const select = form.querySelector(`select[name='${name}']`);
        const option = [...select.options].find((o) => o.text.trim() === label);
        if (!option) throw new Error(`no option ${label} in ${name}`);
        set(name, option.value);
    };
    const click = (selector) => {
        const el = form.querySelector(selector);
        if (!el) throw new Error(`nothing to click at ${selector}`);
        el.click();
    };
    set("description", "Bij de ingang van de disco in Assen werd ik geweigerd. " +
        "Mijn vrienden mochten wel naar binnen; de portier zei dat ik 'niet het " +
        "goede type' was.");
    set("incident_date", incidentDate);
    choose("incident_municipality", "Assen");
    set("incident_place", "Marktstraat, Assen");
    click("input[name='ground_ids']");
    click("input[name='manifestation_ids']");
    click("#role_victim");
    click("#contact_no");
    choose("residence_municipality", "Assen");
    set("postcode", "9401AB");
    set("age_group", "18_29");
    click("#consent_register");
    form.querySelector("#mdd_report_submit").click();
}
"""

LOGIN_JS = """
(login) => {
    const form = document.querySelector("form.oe_login_form");
    form.querySelector("input[name='login']").value = login;
    form.querySelector("input[name='password']").value = login;
    form.querySelector("button[type='submit']").click();
}
"""

STATUS_JS = """
(number, code) => {
    const form = document.querySelector("form#mdd_status_form");
    form.querySelector("input[name='number']").value = number;
    form.querySelector("input[name='receipt_code']").value = code;
    form.querySelector("#mdd_status_submit").click();
}
"""

# Downloads a file with the page's session; its bytes in base64, or the
# HTTP status when refused.
FETCH_JS = """
async (path) => {
    const response = await fetch(path);
    if (!response.ok) return "HTTP " + response.status;
    const bytes = new Uint8Array(await response.arrayBuffer());
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text);
}
"""


def js_call(function, *args):
    """A JavaScript expression that calls ``function`` (its source) with
    ``args`` (JSON values)."""
    return f"({function.strip()})({', '.join(json.dumps(arg) for arg in args)})"


class StepError(Exception):
    """A step that did not reach its page: the run stops with this message."""


class Chromium:
    """Chromium headless with one page, driven over the DevTools protocol."""

    def __init__(self, binary, work_dir):
        self.profile = Path(work_dir) / "chromium-profile"
        self.profile.mkdir()
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--lang=nl-NL",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(Path(work_dir) / "chromium.log", "wb"),  # noqa: SIM115
            # Dutch date inputs and number formats (headless Chromium takes
            # its locale from the environment).
            env=dict(os.environ, LANG="nl_NL.UTF-8", LANGUAGE="nl_NL:nl"),
        )
        port = self._devtools_port()
        pages = [
            target
            for target in requests.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
            if target["type"] == "page"
        ]
        if not pages:
            raise StepError("Chromium opened no page")
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], suppress_origin=True, timeout=10
        )
        self.next_id = 0
        self.in_flight = {}
        self.last_activity = time.monotonic()
        self.document_status = None
        self.errors = []
        for domain in ("Page", "Network", "Runtime"):
            self.send(f"{domain}.enable")
        self.send("Network.setExtraHTTPHeaders", headers={"Accept-Language": "nl-NL,nl;q=0.9"})
        self.send("Emulation.setLocaleOverride", locale="nl-NL")
        self.send("Emulation.setTimezoneOverride", timezoneId="Europe/Amsterdam")

    def _devtools_port(self):
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise StepError(f"Chromium exited at start ({self.proc.returncode})")
            if port_file.exists() and port_file.read_text().strip():
                return int(port_file.read_text().split()[0])
            time.sleep(0.1)
        raise StepError("Chromium opened no DevTools port within 30 s")

    def close(self):
        with contextlib.suppress(Exception):
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    # -- protocol -----------------------------------------------------------

    def _handle_event(self, message):
        method = message.get("method")
        params = message.get("params", {})
        if method == "Network.requestWillBeSent":
            if "/websocket" in params["request"]["url"]:
                # The bus's shared worker and its socket stay open.
                return
            self.in_flight[params["requestId"]] = params["request"]["url"]
            self.last_activity = time.monotonic()
            if params.get("type") == "Document":
                self.document_status = None
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            self.in_flight.pop(params["requestId"], None)
            self.last_activity = time.monotonic()
        elif method == "Network.responseReceived" and params.get("type") == "Document":
            self.document_status = (params["response"]["status"], params["response"]["url"])
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            self.errors.append(str(text).splitlines()[0])

    def _receive(self, timeout):
        self.ws.settimeout(timeout)
        try:
            message = json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None
        if "method" in message:
            self._handle_event(message)
        return message

    def send(self, method, **params):
        self.next_id += 1
        call_id = self.next_id
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            message = self._receive(1)
            if message and message.get("id") == call_id:
                if "error" in message:
                    raise StepError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
        raise StepError(f"Chromium did not answer {method} within 60 s")

    def pump(self, seconds):
        """Handle events for ``seconds``."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self._receive(min(left, 0.2))

    def evaluate(self, expression, await_promise=False):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=await_promise,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise StepError(f"script failed in the page: {text}")
        return result["result"].get("value")

    # -- pages ----------------------------------------------------------------

    def viewport(self, metrics):
        self.send("Emulation.setDeviceMetricsOverride", **metrics)
        self.send("Emulation.setTouchEmulationEnabled", enabled=metrics["mobile"])
        # A phone's agent; an empty one is Chromium's own again.
        user_agent = PHONE_UA if metrics["mobile"] else ""
        self.send("Emulation.setUserAgentOverride", userAgent=user_agent, acceptLanguage="nl-NL")

    def navigate(self, url):
        self.document_status = None
        result = self.send("Page.navigate", url=url)
        if result.get("errorText"):
            raise StepError(f"{url}: {result['errorText']}")

    def url(self):
        return self.evaluate("location.href")

    def wait_ready(self, selector, what, timeout=90, settle=1.0):
        """Wait until the page shows ``selector`` and is loaded (see
        READY_JS), with no request for ``settle`` seconds; else raise
        StepError saying what it still waited for."""
        deadline = time.monotonic() + timeout
        expression = js_call(READY_JS, selector)
        waiting = "the page"
        while time.monotonic() < deadline:
            self.pump(0.25)
            status = self.document_status
            if status and status[0] >= 400:
                raise StepError(f"{what}: {status[1]} answered HTTP {status[0]}")
            try:
                waiting = self.evaluate(expression)
            except StepError:
                waiting = "the next page"  # the page is being replaced
                continue
            if self.in_flight:
                waiting = "requests " + " ".join(sorted(set(self.in_flight.values())))
            elif time.monotonic() - self.last_activity < settle:
                waiting = "the network to be idle"
            elif not waiting:
                # Odoo's animations (dialogs, charts) end within half a second.
                self.pump(0.5)
                if not self.in_flight and not self.evaluate(expression):
                    return
        raise StepError(
            f"{what}: not ready within {timeout} s at {self.url()}; still waiting for {waiting}"
        )

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))


class Server:
    """Odoo on a free port, serving only the screenshot database."""

    def __init__(self, db, data_dir, log_path, port):
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.proc = subprocess.Popen(
            launcher_command(
                os.environ["MDD_DB_USER"],
                f"--data-dir={data_dir}",
                "-d",
                db,
                f"--db-filter=^{db}$",
                f"--http-port={port}",
                "--http-interface=127.0.0.1",
                "--workers=0",
                "--max-cron-threads=0",
                "--without-demo=",
                f"--logfile={log_path}",
                "--log-level=warn",
            ),
            env=odoo_env(),
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while True:
            if self.proc.poll() is not None:
                raise StepError(f"Odoo exited at start ({self.proc.returncode}); see {log_path}")
            try:
                # The first page builds the assets: slow on a busy machine.
                if requests.get(f"{self.url}/web/login", timeout=60).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            if time.monotonic() > deadline:
                raise StepError(f"Odoo did not answer within 180 s; see {log_path}")
            time.sleep(0.5)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def odoo_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env["ODOO_SRC"], env.get("PYTHONPATH")]))
    return env


def connect(db):
    kwargs = {"dbname": db, "user": os.environ["MDD_DB_USER"]}
    for key, name in (("host", "PGHOST"), ("port", "PGPORT")):
        if os.environ.get(name):
            kwargs[key] = os.environ[name]
    return psycopg2.connect(**kwargs)


def database_exists(db):
    with connect("postgres") as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        exists = bool(cr.fetchone())
    conn.close()
    return exists


def create_database(db, data_dir, log_path):
    print(f"Creating the demo database {db} (takes a few minutes)...", flush=True)
    result = subprocess.run(
        launcher_command(
            os.environ["MDD_DB_USER"],
            f"--data-dir={data_dir}",
            "-d",
            db,
            "-i",
            MODULES,
            # Demo data whatever an ~/.odoorc says (an empty value means "with").
            "--without-demo=",
            "--load-language=nl_NL",
            "--stop-after-init",
            "--no-http",
            "--max-cron-threads=0",
            "--log-level=warn",
            f"--logfile={log_path}",
        ),
        env=odoo_env(),
        check=False,
    )
    if result.returncode:
        raise StepError(f"creating the database failed ({result.returncode}); see {log_path}")


def set_report_url(db, url):
    """Point wkhtmltopdf at this server for the stylesheets of the PDF
    (``report.url``); returns the value it had (None: not set)."""
    with connect(db) as conn, conn.cursor() as cr:
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'report.url'")
        row = cr.fetchone()
        if url is None:
            cr.execute("DELETE FROM ir_config_parameter WHERE key = 'report.url'")
        elif row:
            cr.execute("UPDATE ir_config_parameter SET value = %s WHERE key = 'report.url'", [url])
        else:
            cr.execute(
                "INSERT INTO ir_config_parameter (key, value) VALUES ('report.url', %s)", [url]
            )
    conn.close()
    return row[0] if row else None


def drop_database(db):
    subprocess.run(
        ["dropdb", "-U", os.environ["MDD_DB_USER"], "--if-exists", "--force", db], check=True
    )


def database_facts(db, dashboard_action):
    """The ids the steps open, checking that ``db`` holds the demo data."""
    with connect(db) as conn, conn.cursor() as cr:
        cr.execute("SELECT demo FROM ir_module_module WHERE name = 'base'")
        row = cr.fetchone()
        if not row or not row[0]:
            raise StepError(f"database {db} has no demo data")
        facts = {}
        for key, xmlid in (
            ("report_id", DEMO_REPORT),
            ("assen_id", "mdd_base.municipality_gm0106"),
            ("dashboard", dashboard_action),
        ):
            module, name = xmlid.split(".")
            cr.execute(
                "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s",
                [module, name],
            )
            row = cr.fetchone()
            if not row:
                raise StepError(f"database {db} has no record {xmlid}")
            facts[key] = row[0]
    conn.close()
    return facts


class Shots:
    """The steps, in order; each writes one PNG to ``out``."""

    def __init__(self, browser, base_url, *, out, work_dir, facts, dashboard_action):
        self.browser = browser
        self.base = base_url
        self.out = Path(out)
        self.work_dir = Path(work_dir)
        self.facts = facts
        self.dashboard_action = dashboard_action
        self.receipt = None
        self.written = []

    def open(self, path, selector, what, settle=1.0):
        self.browser.navigate(self.base + path)
        self.browser.wait_ready(selector, what, settle=settle)

    def take(self, name):
        path = self.out / f"{name}.png"
        self.browser.screenshot(path)
        self.wrote(path)

    def wrote(self, path):
        self.written.append(path)
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"  wrote {shown}", flush=True)

    def login(self, login, landing_selector):
        """Log out whoever is logged in and log in as ``login`` through the
        login form (the demo passwords equal the logins)."""
        self.browser.send("Network.clearBrowserCookies")
        self.open("/web/login", "form.oe_login_form input[name='login']", f"login page for {login}")
        self.browser.evaluate(js_call(LOGIN_JS, login))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self.browser.pump(0.5)
            try:
                href = self.browser.url()
                error = self.browser.evaluate(
                    "document.querySelector('.oe_login_form .alert-danger')?.innerText || ''"
                )
            except StepError:
                continue
            if error:
                raise StepError(f"login as {login} refused: {error.strip()}")
            if "/web/login" not in href:
                self.browser.wait_ready(landing_selector, f"landing page of {login}")
                return
        raise StepError(f"login as {login} did not leave the login page within 60 s")

    # -- the visitor, on a phone --------------------------------------------

    def report_form(self):
        self.browser.viewport(PHONE)
        self.browser.send("Network.clearBrowserCookies")
        self.open("/melden", "form#mdd_report_form #mdd_report_submit", "report form")
        self.take("report-form-phone")

    def report_receipt(self):
        incident_date = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
        self.browser.evaluate(js_call(FILL_REPORT_JS, incident_date))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self.browser.pump(0.5)
            try:
                errors = self.browser.evaluate(
                    "[...document.querySelectorAll('#mdd_error_summary, .o_mdd_field_error')]"
                    ".map((el) => el.innerText.trim()).join(' | ')"
                )
                done = self.browser.evaluate("!!document.querySelector('#mdd_receipt_code')")
            except StepError:
                continue
            if errors:
                raise StepError(f"the report form refused the report: {errors}")
            if done:
                break
        self.browser.wait_ready("#mdd_receipt_code", "receipt page after sending a report")
        self.receipt = self.browser.evaluate(
            "({number: document.querySelector('#mdd_report_number').innerText.trim(),"
            " code: document.querySelector('#mdd_receipt_code').innerText.trim()})"
        )
        if not self.receipt["number"] or len(self.receipt["code"]) < 20:
            raise StepError(f"the receipt page shows no number or code: {self.receipt}")
        self.take("report-receipt-phone")

    def report_status(self):
        self.open("/melden/status", "form#mdd_status_form", "status look-up page")
        self.browser.evaluate(js_call(STATUS_JS, self.receipt["number"], self.receipt["code"]))
        self.browser.wait_ready("#mdd_status_stage", "status page opened with the receipt code")
        self.take("report-status-phone")

    # -- staff, on a desktop --------------------------------------------------

    def reports_kanban(self):
        self.browser.viewport(DESKTOP)
        self.login("coordinator", ".o_main_navbar")
        self.open(
            "/odoo/action-mdd_meldpunt.action_mdd_report",
            ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)",
            "reports kanban",
        )
        self.take("reports-kanban")

    def report_backend_form(self):
        self.open(
            f"/odoo/action-mdd_meldpunt.action_mdd_report/{self.facts['report_id']}",
            ".o_form_view .o_notebook a.nav-link[name='mdd_registration']",
            "report form",
        )
        # The registration tab: grounds, domain, manifestations.
        self.browser.evaluate(
            "document.querySelector(\".o_notebook a.nav-link[name='mdd_registration']\").click()"
        )
        # A taller window: the header and the whole registration tab.
        self.browser.viewport(dict(DESKTOP, height=1400))
        self.browser.wait_ready(
            ".o_form_view .o_field_widget[name='ground_ids'] .o_tag", "registration tab"
        )
        self.take("report-form")
        self.browser.viewport(DESKTOP)

    def dashboard(self):
        self.open(
            f"/odoo/action-{self.dashboard_action}",
            DASHBOARD_READY,
            "dashboard",
            settle=2.0,
        )
        self.take("dashboard")

    def planner_calendar(self):
        self.login("planner", ".o_main_navbar")
        self.open(
            "/odoo/action-mdd_voorlichting.action_mdd_education_session",
            ".o_calendar_renderer .fc-timeGridWeek-view .fc-event",
            "sessions calendar (week)",
        )
        self.take("planner-calendar")

    # -- the portals ------------------------------------------------------------

    def organisation_portal(self):
        self.login("school", "#wrap")
        self.open("/my/voorlichtingen", "a.mdd_session_link", "organisation portal")
        self.take("portal-organisation")

    def figures_pdf(self):
        """Page 1 of the municipal figures PDF of Assen, rendered by the
        report route as the coordinator (still logged in), for the current
        year once it holds a quarter, else for the last one."""
        today = datetime.date.today()
        year = today.year if today.month > 3 else today.year - 1
        path = (
            f"/report/pdf/mdd_meldpunt.report_wga_municipality/{self.facts['assen_id']}"
            f"?options={json.dumps({'year': year})}"
        )
        pdf_b64 = self.browser.evaluate(js_call(FETCH_JS, path), await_promise=True)
        pdf = b"" if pdf_b64.startswith("HTTP") else base64.b64decode(pdf_b64)
        if not pdf.startswith(b"%PDF"):
            raise StepError(f"the figures PDF of Assen could not be downloaded ({pdf_b64[:20]})")
        pdf_path = self.work_dir / "figures.pdf"
        pdf_path.write_bytes(pdf)
        target = self.out / "figures-pdf"
        page_one = ["-f", "1", "-l", "1", "-singlefile"]
        subprocess.run(["pdftoppm", "-png", "-r", "110", *page_one, pdf_path, target], check=True)
        self.wrote(target.with_suffix(".png"))

    STEPS = (
        "report_form",
        "report_receipt",
        "report_status",
        "reports_kanban",
        "report_backend_form",
        "dashboard",
        "figures_pdf",
        "planner_calendar",
        "organisation_portal",
    )

    def run(self):
        for step in self.STEPS:
            print(f"- {step.replace('_', ' ')}", flush=True)
            try:
                getattr(self, step)()
            except StepError as exc:
                failed = self.work_dir / f"failed-{step}.png"
                try:
                    self.browser.screenshot(failed)
                    where = f"; the page as it was: {failed}"
                except (StepError, OSError, websocket.WebSocketException):
                    where = ""
                raise StepError(f"step '{step}': {exc}{where}") from exc
        names = sorted(path.name for path in self.written)
        if names != sorted(IMAGES):
            raise StepError(f"wrote {names}, expected {sorted(IMAGES)}")
        if self.browser.errors:
            print("JavaScript errors seen (not fatal):", file=sys.stderr)
            for error in self.browser.errors:
                print(f"  {error}", file=sys.stderr)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse_args():
    parser = argparse.ArgumentParser(
        prog="scripts/screenshots",
        description="Take the README screenshots in Chromium from a fresh demo database.",
    )
    parser.add_argument("--db", help="database name (default: a new mdd_screenshots_<time>)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the existing demo database --db (with its --data-dir) instead of "
        "creating one; it is kept",
    )
    parser.add_argument("--data-dir", help="Odoo data directory (default: a temporary one)")
    parser.add_argument("--keep-db", action="store_true", help="keep the database made")
    parser.add_argument("--port", type=int, help="HTTP port of Odoo (default: a free one)")
    parser.add_argument("--out", default=str(OUT_DIR), help=f"output folder (default: {OUT_DIR})")
    parser.add_argument(
        "--dashboard-action",
        default=DASHBOARD_ACTION,
        help=f"XML id of the dashboard action (default: {DASHBOARD_ACTION})",
    )
    parser.add_argument("--chromium", default=os.environ.get("MDD_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    if args.reuse and not args.db:
        parser.error("--reuse needs --db")
    return args


def take_screenshots(args, db, data_dir, work_dir):
    """Odoo and Chromium on database ``db``, for the steps of Shots."""
    facts = database_facts(db, args.dashboard_action)
    port = args.port or free_port()
    report_url = set_report_url(db, f"http://127.0.0.1:{port}")
    server = browser = None
    try:
        print(f"Starting Odoo on port {port}...", flush=True)
        server = Server(db, data_dir, work_dir / "odoo.log", port)
        browser = Chromium(args.chromium, work_dir)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        shots = Shots(
            browser,
            server.url,
            out=out,
            work_dir=work_dir,
            facts=facts,
            dashboard_action=args.dashboard_action,
        )
        print(f"Taking the screenshots into {out}:", flush=True)
        shots.run()
        print(f"Done: {len(shots.written)} screenshots.")
    finally:
        if browser:
            browser.close()
        if server:
            server.stop()
        set_report_url(db, report_url)


def main():
    args = parse_args()
    if not Path(args.chromium).exists():
        raise StepError(f"no Chromium at {args.chromium} (set MDD_CHROMIUM)")
    if not shutil.which("pdftoppm"):
        raise StepError("pdftoppm is missing: install poppler-utils")
    db = args.db or datetime.datetime.now().strftime("mdd_screenshots_%Y%m%d_%H%M%S")
    if args.reuse and not database_exists(db):
        raise StepError(f"no database {db} to reuse")
    if not args.reuse and database_exists(db):
        raise StepError(f"database {db} exists already: drop it, or pass --reuse")
    work_dir = Path(tempfile.mkdtemp(prefix="mdd-screenshots-"))
    data_dir = Path(args.data_dir) if args.data_dir else work_dir / "data"
    created = ok = False
    try:
        if not args.reuse:
            created = True
            create_database(db, data_dir, work_dir / "install.log")
        take_screenshots(args, db, data_dir, work_dir)
        ok = True
    finally:
        if created and not args.keep_db:
            drop_database(db)
            print(f"Dropped the database {db}.")
        elif created:
            print(f"Kept the database {db} (data directory {data_dir}).")
        if not ok:
            print(f"Logs and the failed page: {work_dir}", file=sys.stderr)
        elif not (created and args.keep_db and not args.data_dir):
            shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except StepError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
