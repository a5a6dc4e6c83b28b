"""Hostile input against the public forms of a running Odoo server.

The suite plays an attacker with plain ``requests`` against the public,
account-free forms of both add-ons on a real multi-worker server (fixture
``odoo_server``):

* ``/melden`` (discrimination report), ``/melden/status`` (look up with
  number and receipt code), ``/melden/status/bericht`` (message and files),
  ``/melden/status/sluiten`` and ``/melden/status/bijlage/<id>``;
* ``/voorlichting/aanvragen`` (workshop request) and its thank-you page.

Every case must end in a clear error (the form shown again with its message,
Odoo's 400 page for a bad CSRF token, a 404, or werkzeug's 413 for a body over
the limit) or in a safe stored value; never in an HTTP 500, a half-created
record or a traceback in the server log. Each test:

* snapshots the row counts of the tables a public form can write to
  (:class:`Watch`) and asserts afterwards that a refused submission added
  nothing and an accepted one added exactly one report or request;
* reads the server log from where it stood before the case and asserts that
  no ``Traceback`` or `` ERROR `` line was written during the case;
* asserts the specific outcome: which field carries the error, or which value
  was stored (script text stored as text, shown escaped; NUL bytes removed;
  files stored with the type their content really has).

The case families, each case a test id of its own:

1. every field of every form with empty, blank, huge, NUL, control bytes,
   invalid UTF-8 (urlencoded and multipart), script/HTML and SQL-looking
   values, and wrong types (letters, negative and huge numbers, floats,
   repeated keys, unknown extra fields, a file part where text is expected);
2. multipart bombs and disguised files;
3. CSRF: missing, empty, forged, another session's, or sent as a file;
4. replays of submissions, look-ups and downloads.

The public forms throttle submissions per client; the throttle is cleared
before every submission (it is tested in the add-ons).
"""

import html
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

import pytest
import requests

# ----------------------------------------------------------------------
# Page markers (as in mdd_meldpunt/tests/common_portal.py)
# ----------------------------------------------------------------------

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NONCE = re.compile(r'name="form_nonce" value="([^"]+)"')
NUMBER = re.compile(r'id="mdd_report_number">([^<]+)<')
CODE = re.compile(r'id="mdd_receipt_code">([^<]+)<')
FIELD_ERROR = re.compile(r'<div[^>]*o_mdd_field_error[^>]*data-field="(\w+)"')
ERROR_SUMMARY = 'id="mdd_error_summary"'
STATUS_NUMBER = re.compile(r'id="mdd_status_number">([^<]+)<')
STATUS_LOOKUP_FORM = 'id="mdd_status_form"'
ATTACHMENT_LINK = re.compile(r'href="/melden/status/bijlage/(\d+)">([^<]*)<')
REQUEST_ERROR = 'id="mdd_request_error"'
REQUEST_FIELD_ERROR = re.compile(r'<div[^>]*invalid-feedback[^>]*\bid="(\w+)_error"')
REQUEST_REFERENCE = re.compile(r'id="mdd_request_reference">([^<]+)<')
REQUEST_FORM = 'id="mdd_voorlichting_request_form"'

# Limits of mdd_meldpunt/tools/public_report.py (not importable without Odoo).
MAX_FILES = 5
MAX_FILE_SIZE = 8 * 1024 * 1024  # tools/public_report.py

# Tables a public form may write to; a refused submission must add nothing.
TABLES = (
    "helpdesk_ticket",
    "mdd_complainant",
    "res_partner",
    "ir_attachment",
    "mail_message",
    "mdd_education_request",
)
SOME = object()  # expected row delta: at least one

# Hostile values.
SCRIPT = '<script>alert("mdd-xss")</script>'
IMG_ONERROR = '<img src=x onerror=alert("mdd-xss")>'
LIVE_MARKUP = ('<script>alert("mdd-xss")', "<img src=x onerror=")
BAD_UTF8 = b"\xff\xfe\xc3("
CONTROL = "\x01\x02\x1b\x7f"
KINDS = (
    "empty",
    "blank",
    "huge_100k",
    "huge_1m",
    "nul",
    "binary",
    "utf8_urlencoded",
    "utf8_multipart",
    "script",
    "img_onerror",
    "sql_or",
    "sql_drop",
)
WRONG_NUMBERS = {
    "letters": "abc",
    "negative": "-5",
    "huge": "99999999999999999999",
    "int4_overflow": "2147483648",
    "negative_huge": "-99999999999999999999",
    "float": "1.5",
    "exponent": "1e3",
    "hex": "0x1F",
}

# Expected outcomes.
OK = "accepted"
ERR = "field error"
FORM = "form error"
EITHER = "accepted (cleaned) or field error"
REFUSED = "refused"
OPENED = "opened"

BOUNDARY = "mddHostileBoundary7MA4YWxkTrZu0gW"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def hostile(kind, valid, table="helpdesk_ticket"):
    """The hostile value of ``kind`` for a field whose valid value is ``valid``.

    NUL, control bytes and invalid UTF-8 are put into the valid value, so
    that the case shows whether the server cleans or refuses them.
    """
    values = {
        "empty": "",
        "blank": " \t \r\n ",
        "huge_100k": "A" * 100_000,
        "huge_1m": "B" * (1024 * 1024),
        "script": SCRIPT,
        "img_onerror": IMG_ONERROR,
        "sql_or": "' OR 1=1 --",
        "sql_drop": f"1; DROP TABLE {table}; --",
    }
    if kind in values:
        return values[kind]
    if kind == "nul":
        return valid[:1] + "\x00" + valid[1:] if valid else "\x00"
    if kind == "binary":
        return CONTROL + valid
    assert kind in ("utf8_urlencoded", "utf8_multipart"), kind
    return valid.encode() + BAD_UTF8


def as_received(value):
    """The text the server reads from ``value``: werkzeug decodes invalid
    UTF-8 with replacement characters."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def cleaned(value):
    """The text as the forms keep it: control characters (NUL included)
    removed, stripped."""
    return visible(as_received(value)).strip()


def visible(text):
    """``text`` without control characters (Odoo's HTML sanitizer drops some)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text or "")


# ----------------------------------------------------------------------
# HTTP: a visitor with hand-built bodies (bytes reach the server as sent)
# ----------------------------------------------------------------------


@dataclass
class FilePart:
    field: str
    filename: str | bytes
    content: bytes
    content_type: str = "application/octet-stream"


def _bytes(value):
    return value if isinstance(value, bytes) else str(value).encode()


def urlencoded(pairs):
    """``application/x-www-form-urlencoded`` body; text values are
    percent-encoded as UTF-8, bytes values are sent raw (only the
    separators escaped), so invalid UTF-8 reaches the server unchanged."""
    parts = []
    for name, value in pairs:
        if isinstance(value, bytes):
            raw = value
            for char, escaped in ((b"%", b"%25"), (b"&", b"%26"), (b"=", b"%3D"), (b"+", b"%2B")):
                raw = raw.replace(char, escaped)
            encoded = raw
        else:
            encoded = quote(value, safe="").encode()
        parts.append(quote(name, safe="").encode() + b"=" + encoded)
    return b"&".join(parts)


def multipart(pairs, files=(), boundary=BOUNDARY):
    """``multipart/form-data`` body with raw bytes for names and values."""
    out = []
    delimiter = b"--" + boundary.encode()
    for name, value in pairs:
        out += [
            delimiter,
            b'Content-Disposition: form-data; name="' + _bytes(name) + b'"',
            b"",
            _bytes(value),
        ]
    for part in files:
        out += [
            delimiter,
            b'Content-Disposition: form-data; name="'
            + _bytes(part.field)
            + b'"; filename="'
            + _bytes(part.filename)
            + b'"',
            b"Content-Type: " + part.content_type.encode(),
            b"",
            part.content,
        ]
    out += [delimiter + b"--", b""]
    return b"\r\n".join(out)


class Visitor:
    """One browser: its own session (cookie jar), the site in Dutch."""

    def __init__(self, server):
        self.server = server
        self.http = requests.Session()
        self.http.cookies.set("frontend_lang", "nl_NL")

    def get(self, path):
        return self.http.get(f"{self.server.url}{path}", allow_redirects=False, timeout=120)

    def open_form(self, path):
        """GET a form page: its ``(csrf_token, form_nonce or None)``."""
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        nonce = NONCE.search(page.text)
        return CSRF.search(page.text).group(1), nonce.group(1) if nonce else None

    def post(self, path, pairs=(), files=(), *, encoding="multipart", body=None, content_type=None):
        """POST a form as built here (or ``body`` as is), without following
        redirects; the throttle is cleared first."""
        self.server.clear_throttle()
        if body is None:
            if encoding == "multipart":
                body = multipart(pairs, files)
            else:
                assert not files, "files need a multipart body"
                body = urlencoded(pairs)
        if content_type is None:
            content_type = (
                f"multipart/form-data; boundary={BOUNDARY}"
                if encoding == "multipart"
                else "application/x-www-form-urlencoded"
            )
        return self.http.post(
            f"{self.server.url}{path}",
            data=body,
            headers={"Content-Type": content_type},
            allow_redirects=False,
            timeout=120,
        )


# ----------------------------------------------------------------------
# Server, row counts and log
# ----------------------------------------------------------------------


@dataclass
class Ids:
    municipality: int
    other_municipality: int
    ground: int
    manifestation: int
    workshop: int
    audience: int


def _one(server, query):
    rows = server.sql(query)
    assert rows, query
    return rows[0][0]


@pytest.fixture(scope="module")
def server(odoo_server):
    """The running server, its pages rendered once (assets, routing map),
    with the ids the forms offer as ``server.ids``."""
    visitor = Visitor(odoo_server)
    for path in ("/melden", "/melden/status", "/voorlichting/aanvragen", "/mdd-no-such-page"):
        visitor.get(path)
    odoo_server.ids = Ids(
        municipality=_one(odoo_server, "SELECT id FROM mdd_municipality WHERE cbs_code = 'GM0106'"),
        other_municipality=_one(
            odoo_server, "SELECT id FROM mdd_municipality WHERE cbs_code = 'GM0114'"
        ),
        ground=_one(
            odoo_server,
            "SELECT id FROM mdd_ground WHERE active AND public_label IS NOT NULL "
            "ORDER BY id LIMIT 1",
        ),
        manifestation=_one(
            odoo_server,
            "SELECT id FROM mdd_manifestation WHERE active AND public_label IS NOT NULL "
            "ORDER BY id LIMIT 1",
        ),
        workshop=_one(
            odoo_server, "SELECT id FROM mdd_workshop WHERE website_published ORDER BY id LIMIT 1"
        ),
        audience=_one(odoo_server, "SELECT id FROM mdd_audience WHERE active ORDER BY id LIMIT 1"),
    )
    return odoo_server


def row_counts(server):
    query = "SELECT " + ", ".join(f"(SELECT count(*) FROM {table})" for table in TABLES)
    return dict(zip(TABLES, server.sql(query)[0], strict=True))


class Watch:
    """Row counts and server log of one case."""

    def __init__(self, server):
        self.server = server
        self.log_offset = server.log_path.stat().st_size
        self.log_checked = False
        self.snapshot()

    def snapshot(self):
        """Count the rows again (e.g. after the valid submission a replay copies)."""
        self.before = row_counts(self.server)
        self.last_message = self.server.sql("SELECT coalesce(max(id), 0) FROM mail_message")[0][0]

    def assert_no_live_markup_in_messages(self):
        """The chatter messages and mails written in this case (notes, the
        confirmation, the visitor's message) hold no live markup of ours."""
        rows = self.server.sql(
            "SELECT concat_ws(' ', m.subject, m.body, mm.body_html) FROM mail_message m"
            " LEFT JOIN mail_mail mm ON mm.mail_message_id = m.id WHERE m.id > %s",
            (self.last_message,),
        )
        assert rows, "no message written"
        for (text,) in rows:
            assert_no_live_markup(text)

    def delta(self):
        after = row_counts(self.server)
        return {table: after[table] - self.before[table] for table in TABLES}

    def new_log(self):
        with open(self.server.log_path, "rb") as log:
            log.seek(self.log_offset)
            return log.read().decode("utf-8", "replace")

    def fail_with_log(self, message):
        self.log_checked = True  # reported here, not again at teardown
        pytest.fail(f"{message}\n--- server log of this case ---\n{self.new_log()[-6000:]}")

    def assert_log_clean(self):
        self.log_checked = True
        problems = [
            line for line in self.new_log().splitlines() if "Traceback" in line or " ERROR " in line
        ]
        if problems:
            self.fail_with_log(f"the server logged {problems[:3]}")

    def check_status(self, response, *allowed):
        if response.status_code >= 500 or response.status_code not in allowed:
            self.fail_with_log(
                f"{response.request.method} {response.url}: HTTP {response.status_code}, "
                f"expected {allowed}"
            )

    def assert_unchanged(self):
        delta = self.delta()
        assert delta == dict.fromkeys(TABLES, 0), f"rows added by a refused case: {delta}"

    def assert_added(self, **expected):
        """Rows added per table; unnamed tables must be unchanged, SOME is >= 1."""
        delta = self.delta()
        for table in TABLES:
            want = expected.get(table, 0)
            if want is SOME:
                assert delta[table] >= 1, f"{table}: expected new rows, delta {delta}"
            else:
                assert delta[table] == want, f"{table}: expected +{want}, delta {delta}"


@pytest.fixture
def watch(server):
    current = Watch(server)
    yield current
    if not current.log_checked:
        current.assert_log_clean()


def assert_no_live_markup(text):
    for marker in LIVE_MARKUP:
        assert marker not in text, f"live markup in the page: {marker}"


def html_text(value):
    """The visible text of a stored HTML value."""
    return html.unescape(re.sub(r"<[^>]+>", "", value or ""))


# ----------------------------------------------------------------------
# /melden
# ----------------------------------------------------------------------

REPORT_LIST_FIELDS = ("ground_ids", "manifestation_ids")
REPORT_EMAIL = "melder.hostile@example.org"


def report_fields(ids, marker=None):
    """A valid report of a complainant who wants contact by email."""
    marker = marker or uuid.uuid4().hex[:12]
    return {
        "description": f"Bij de ingang van de disco werd ik geweigerd ({marker}).",
        "incident_date": (date.today() - timedelta(days=3)).isoformat(),
        "incident_municipality": str(ids.municipality),
        "incident_place": "Markt",
        "ground_ids": [str(ids.ground)],
        "manifestation_ids": [str(ids.manifestation)],
        "role": "victim",
        "contact": "yes",
        "name": "Jan Jansen",
        "email": REPORT_EMAIL,
        "phone": "0592 123 456",
        "contact_channel": "email",
        "postcode": "9401 AB",
        "residence_municipality": str(ids.municipality),
        "age_group": "30_44",
        "parental_consent": "1",
        "consent_register": "1",
        "consent_share": "1",
        "mdd_website": "",
    }


def as_pairs(fields):
    pairs = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return pairs


def send_report(visitor, fields, files=(), *, encoding="multipart", extra=()):
    """Open /melden and send it with ``fields`` (then ``extra`` pairs), with
    the page's CSRF token and form token."""
    csrf, nonce = visitor.open_form("/melden")
    pairs = [("csrf_token", csrf), ("form_nonce", nonce), *as_pairs(fields), *extra]
    return visitor.post("/melden", pairs, files, encoding=encoding)


def assert_report_refused(response, watch, errors):
    """The form is shown again with the errors of ``errors`` (field names, or
    ``{"form"}`` for a message about the whole form); nothing is stored."""
    watch.check_status(response, 200)
    watch.assert_log_clean()  # a traceback explains a failure best
    text = response.text
    assert CODE.search(text) is None, "a receipt code was shown"
    assert 'id="mdd_report_form"' in text, "the report form is not shown again"
    assert ERROR_SUMMARY in text, "no error message"
    shown = set(FIELD_ERROR.findall(text))
    assert shown == (set() if errors == {"form"} else set(errors)), shown
    assert_no_live_markup(text)
    watch.assert_unchanged()
    watch.assert_log_clean()


def assert_report_accepted(response, watch, attachments=0):
    """The thank-you page with number and receipt code; one report, one
    complainant, one contact, ``attachments`` files. Its number."""
    watch.check_status(response, 200)
    watch.assert_log_clean()  # a traceback explains a failure best
    number, code = NUMBER.search(response.text), CODE.search(response.text)
    if not (number and code):
        pytest.fail(f"no thank-you page; errors shown: {FIELD_ERROR.findall(response.text)}")
    assert_no_live_markup(response.text)
    # No message yet: the staff note and the confirmation mail (fixed texts,
    # nothing of the visitor's input) come from the after-intake job, which
    # the request only leaves pending.
    watch.assert_added(
        helpdesk_ticket=1,
        mdd_complainant=1,
        res_partner=1,
        ir_attachment=attachments,
    )
    pending = watch.server.sql(
        "SELECT mdd_intake_pending FROM helpdesk_ticket WHERE number = %s",
        (number.group(1).strip(),),
    )
    assert pending == [(True,)], pending
    watch.assert_log_clean()
    return number.group(1).strip()


REPORT_COLUMNS = {
    "description": "t.description",
    "incident_date": "t.incident_date::text",
    "incident_municipality": "t.incident_municipality_id::text",
    "incident_place": "t.incident_place",
    "role": "c.role",
    "contact": "(NOT c.anonymous)::text",
    "name": "c.name",
    "email": "c.email",
    "phone": "c.phone",
    "contact_channel": "c.contact_channel",
    "postcode": "c.postcode",
    "residence_municipality": "c.residence_municipality_id::text",
    "age_group": "c.age_group",
    "parental_consent": "c.parental_consent::text",
    "consent_register": "c.consent_register::text",
    "consent_share": "c.consent_share::text",
    "receipt_hash": "t.mdd_receipt_hash",
    "team": "t.team_id::text",
    "stage": "t.stage_id::text",
}


def stored_report(server, number):
    columns = list(REPORT_COLUMNS)
    rows = server.sql(
        "SELECT "
        + ", ".join(REPORT_COLUMNS[c] for c in columns)
        + " FROM helpdesk_ticket t JOIN mdd_complainant c ON c.id = t.complainant_id"
        " WHERE t.number = %s",
        (number,),
    )
    assert len(rows) == 1, f"report {number}: {len(rows)} rows"
    return dict(zip(columns, rows[0], strict=True))


# Field -> rule of the report form (see REPORT_OUTCOMES).
REPORT_FIELD_RULES = {
    "description": "free_required",
    "incident_date": "strict",
    "incident_municipality": "strict",
    "incident_place": "free_optional",
    "role": "strict",
    "contact": "strict",
    "name": "free_optional",
    "email": "strict",
    "phone": "pattern_optional",
    "contact_channel": "strict",
    "postcode": "pattern_optional",
    "residence_municipality": "strict_optional",
    "age_group": "strict",
    "parental_consent": "checkbox_optional",
    "consent_register": "checkbox_required",
    "consent_share": "checkbox_optional",
    "ground_ids": "ids",
    "manifestation_ids": "ids",
    "form_nonce": "nonce",
    "mdd_website": "honeypot",
}


def _outcomes(*outcomes):
    return dict(zip(KINDS, outcomes, strict=True))


# Outcome per kind, in the order of KINDS: empty, blank, 100 kB, 1 MB, NUL,
# control bytes, bad UTF-8 (urlencoded, multipart), script, img, SQL (2).
# Control characters (NUL included) are removed from text fields
# (tools.public_report.form_text), so control bytes in a valid value leave it
# valid; ids are parsed as they are.
REPORT_OUTCOMES = {
    "free_required": _outcomes(ERR, ERR, ERR, ERR, OK, OK, OK, OK, OK, OK, OK, OK),
    "free_optional": _outcomes(OK, OK, ERR, ERR, OK, OK, OK, OK, OK, OK, OK, OK),
    "strict": _outcomes(ERR, ERR, ERR, ERR, OK, OK, ERR, ERR, ERR, ERR, ERR, ERR),
    "pattern_optional": _outcomes(OK, OK, ERR, ERR, OK, OK, ERR, ERR, ERR, ERR, ERR, ERR),
    # Not needed when the postcode is given (as it is here).
    "strict_optional": _outcomes(OK, OK, ERR, ERR, OK, OK, ERR, ERR, ERR, ERR, ERR, ERR),
    # A checkbox is ticked by any non-empty value.
    "checkbox_required": _outcomes(ERR, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK),
    "checkbox_optional": _outcomes(*[OK] * len(KINDS)),
    "ids": _outcomes(*[ERR] * len(KINDS)),
    "nonce": _outcomes(*[FORM] * len(KINDS)),
    "honeypot": _outcomes(OK, *[FORM] * (len(KINDS) - 1)),
}

# The stored value of an accepted field, from the value the server read;
# None when nothing is stored. Text is cleaned, a checkbox is ticked by any
# non-empty value.
REPORT_STORED = {
    "incident_place": lambda v: cleaned(v) or None,
    "name": lambda v: cleaned(v) or None,
    "email": lambda v: cleaned(v).lower() or None,
    "phone": lambda v: cleaned(v) or None,
    "postcode": lambda v: cleaned(v).upper() or None,
    "residence_municipality": lambda v: cleaned(v) or None,
    "contact": lambda v: "true" if cleaned(v) == "yes" else "false",
    "parental_consent": lambda v: "false",  # only for the under-16s
    "consent_register": lambda v: "true" if v else "false",
    "consent_share": lambda v: "true" if v else "false",
}

REPORT_FIELD_CASES = [
    pytest.param(field, kind, id=f"{field}-{kind}")
    for field in REPORT_FIELD_RULES
    for kind in KINDS
]


@pytest.mark.parametrize(("field", "kind"), REPORT_FIELD_CASES)
def test_report_field(server, watch, field, kind):
    """Family 1: one field of /melden with a hostile value."""
    fields = report_fields(server.ids)
    visitor = Visitor(server)
    csrf, nonce = visitor.open_form("/melden")
    valid = nonce if field == "form_nonce" else fields[field]
    valid = valid[0] if isinstance(valid, list) else valid
    value = hostile(kind, valid)
    if field == "form_nonce":
        hidden = {"csrf_token": csrf, "form_nonce": value}
    else:
        hidden = {"csrf_token": csrf, "form_nonce": nonce}
        fields[field] = [value] if field in REPORT_LIST_FIELDS else value
    encoding = "urlencoded" if kind == "utf8_urlencoded" else "multipart"
    response = visitor.post("/melden", [*hidden.items(), *as_pairs(fields)], encoding=encoding)

    outcome = REPORT_OUTCOMES[REPORT_FIELD_RULES[field]][kind]
    if outcome == ERR:
        assert_report_refused(response, watch, {field})
        return
    if outcome == FORM:
        assert_report_refused(response, watch, {"form"})
        return
    number = assert_report_accepted(response, watch)
    stored = stored_report(server, number)
    assert "<script" not in stored["description"].lower()
    assert "<img" not in stored["description"].lower()
    if field == "description":
        assert visible(html_text(stored["description"])) == visible(cleaned(value))
    elif field in REPORT_STORED:
        assert stored[field] == REPORT_STORED[field](as_received(value))
    elif field in REPORT_COLUMNS:
        # Choices and ids are accepted only when cleaning gave the valid value.
        assert stored[field] == cleaned(valid)


REPORT_NUMBER_FIELDS = (
    "incident_municipality",
    "residence_municipality",
    "ground_ids",
    "manifestation_ids",
    "incident_date",
)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param(field, value, id=f"{field}-{name}")
        for field in REPORT_NUMBER_FIELDS
        for name, value in WRONG_NUMBERS.items()
    ],
)
def test_report_wrong_number(server, watch, field, value):
    """Family 1, wrong types: letters, negative, huge and decimal numbers in
    the id and date fields of /melden."""
    fields = report_fields(server.ids)
    fields[field] = [value] if field in REPORT_LIST_FIELDS else value
    response = send_report(Visitor(server), fields)
    assert_report_refused(response, watch, {field})


@pytest.mark.parametrize("field", ["description", "role", "incident_date", "email", "ground_ids"])
def test_report_file_part_as_text(server, watch, field):
    """Family 1, wrong types: a file where /melden expects text."""
    fields = report_fields(server.ids)
    fields.pop(field)
    response = send_report(
        Visitor(server), fields, [FilePart(field, "waarde.txt", b"victim", "text/plain")]
    )
    assert_report_refused(response, watch, {field})


def test_report_repeated_scalar_keys(server, watch):
    """Family 1, wrong types: a text field sent twice; the first counts."""
    fields = report_fields(server.ids)
    first = fields.pop("description")
    response = send_report(
        Visitor(server),
        fields,
        extra=[("description", first), ("description", SCRIPT), ("role", "witness")],
    )
    number = assert_report_accepted(response, watch)
    stored = stored_report(server, number)
    assert html_text(stored["description"]) == first
    assert stored["role"] == "victim"


def test_report_array_notation(server, watch):
    """Family 1, wrong types: ``role[]`` is not ``role``."""
    fields = report_fields(server.ids)
    fields.pop("role")
    response = send_report(Visitor(server), fields, extra=[("role[]", "victim")])
    assert_report_refused(response, watch, {"role"})


def test_report_unknown_fields_are_ignored(server, watch):
    """Family 1: extra fields named like stored columns change nothing."""
    fields = report_fields(server.ids)
    extra = [
        ("number", "HT99999"),
        ("mdd_receipt_hash", "pbkdf2_sha256$1$00$00"),
        ("team_id", "999999"),
        ("stage_id", "999999"),
        ("complainant_id", "1"),
        ("is_mdd_report", "0"),
        ("name", "Jan Jansen"),
        ("x" * 200, "y"),
    ]
    response = send_report(Visitor(server), fields, extra=extra)
    number = assert_report_accepted(response, watch)
    stored = stored_report(server, number)
    assert number != "HT99999"
    assert stored["receipt_hash"].startswith("pbkdf2_sha256$1000$")
    assert stored["team"] != "999999"
    assert stored["stage"] != "999999"


# ----------------------------------------------------------------------
# /voorlichting/aanvragen
# ----------------------------------------------------------------------


def request_fields(ids, marker):
    return {
        "organisation_name": f"OBS {marker}",
        "organisation_type": "primary_school",
        "contact_name": "Jan Jansen",
        "email": f"{marker}@school.example.nl",
        "phone": "0592 123 456",
        "municipality_id": str(ids.municipality),
        "workshop_id": str(ids.workshop),
        "audience_id": str(ids.audience),
        "participant_count": "25",
        "window_1_from": (date.today() + timedelta(days=40)).isoformat(),
        "window_1_to": (date.today() + timedelta(days=60)).isoformat(),
        "window_1_daypart": "morning",
        "remarks": "Graag in de aula.",
        "mdd_website": "",
    }


def send_request(visitor, fields, files=(), *, extra=()):
    """Open /voorlichting/aanvragen and send it with ``fields`` (then
    ``extra`` pairs), with the page's CSRF token and form token; urlencoded
    as a browser sends it, multipart when there are files."""
    csrf, nonce = visitor.open_form("/voorlichting/aanvragen")
    pairs = [("csrf_token", csrf), ("form_nonce", nonce), *fields.items(), *extra]
    encoding = "multipart" if files else "urlencoded"
    return visitor.post("/voorlichting/aanvragen", pairs, files, encoding=encoding)


def assert_request_refused(response, watch, errors):
    """The request form again with a message and the errors of ``errors``
    (one of them when several are given as a tuple, none for "form")."""
    watch.check_status(response, 200)
    watch.assert_log_clean()  # a traceback explains a failure best
    text = response.text
    assert REQUEST_FORM in text, "the request form is not shown again"
    assert REQUEST_ERROR in text, "no error message"
    shown = set(REQUEST_FIELD_ERROR.findall(text))
    if errors == {"form"}:
        assert shown == set(), shown
    elif isinstance(errors, tuple):
        assert len(shown) == 1 and shown <= set(errors), shown
    else:
        assert shown == set(errors), shown
    assert_no_live_markup(text)
    watch.assert_unchanged()
    watch.assert_log_clean()


def assert_request_accepted(server, visitor, response, watch):
    """303 to the thank-you page, which shows the new request's reference;
    one request, an organisation and a contact. The stored request."""
    watch.check_status(response, 303)
    watch.assert_log_clean()  # a traceback explains a failure best
    assert response.headers["Location"].endswith("/voorlichting/aanvragen/bedankt")
    watch.assert_added(mdd_education_request=1, res_partner=2, mail_message=SOME)
    watch.assert_no_live_markup_in_messages()
    stored = stored_request(server)
    thanks = visitor.get("/voorlichting/aanvragen/bedankt")
    watch.check_status(thanks, 200)
    reference = REQUEST_REFERENCE.search(thanks.text)
    assert reference and reference.group(1).strip() == stored["name"]
    watch.assert_log_clean()
    return stored


REQUEST_COLUMNS = {
    "name": "r.name",
    "state": "r.state",
    "source": "r.source",
    "organisation_name": "r.submitted_organisation",
    "organisation_type": "r.organisation_type",
    "contact_name": "r.submitted_contact",
    "email": "r.submitted_email",
    "phone": "r.submitted_phone",
    "municipality_id": "r.municipality_id::text",
    "workshop_id": "r.workshop_id::text",
    "audience_id": "r.audience_id::text",
    "participant_count": "r.participant_count::text",
    "window_1_from": "w.date_from::text",
    "window_1_to": "w.date_to::text",
    "window_1_daypart": "w.daypart",
    "remarks": "r.remarks",
    "partner": "p.name",
    "user_id": "r.user_id::text",
}


def stored_request(server):
    """The newest request (cases run one after the other)."""
    columns = list(REQUEST_COLUMNS)
    rows = server.sql(
        "SELECT " + ", ".join(REQUEST_COLUMNS[c] for c in columns) + " FROM mdd_education_request r"
        " JOIN res_partner p ON p.id = r.partner_id"
        " LEFT JOIN mdd_education_request_window w ON w.request_id = r.id"
        " ORDER BY r.id DESC, w.id LIMIT 1"
    )
    return dict(zip(columns, rows[0], strict=True))


REQUEST_FIELD_RULES = {
    "organisation_name": "free_required",
    "organisation_type": "strict",
    "contact_name": "free_required",
    "email": "email",
    "phone": "pattern_optional",
    "municipality_id": "strict",
    "workshop_id": "strict",
    "audience_id": "strict",
    "participant_count": "strict",
    "window_1_from": "date_from",
    "window_1_to": "date_to",
    "window_1_daypart": "daypart",
    "remarks": "free_optional",
    "form_nonce": "nonce",
    "mdd_website": "honeypot",
}

# As REPORT_OUTCOMES. NUL and control bytes must give a field error, or be
# removed (EITHER); dates are read from their first ten characters, so bytes
# after a valid date are ignored.
REQUEST_OUTCOMES = {
    "free_required": _outcomes(ERR, ERR, ERR, ERR, EITHER, OK, OK, OK, OK, OK, OK, OK),
    "free_optional": _outcomes(OK, OK, ERR, ERR, EITHER, OK, OK, OK, OK, OK, OK, OK),
    "email": _outcomes(ERR, ERR, ERR, ERR, EITHER, EITHER, ERR, ERR, ERR, ERR, ERR, ERR),
    "pattern_optional": _outcomes(OK, OK, ERR, ERR, EITHER, EITHER, ERR, ERR, ERR, ERR, ERR, ERR),
    "strict": _outcomes(ERR, ERR, ERR, ERR, EITHER, EITHER, ERR, ERR, ERR, ERR, ERR, ERR),
    "date_from": _outcomes(ERR, ERR, ERR, ERR, EITHER, EITHER, OK, OK, ERR, ERR, ERR, ERR),
    "date_to": _outcomes(OK, OK, ERR, ERR, EITHER, EITHER, OK, OK, ERR, ERR, ERR, ERR),
    "daypart": _outcomes(OK, ERR, ERR, ERR, EITHER, EITHER, ERR, ERR, ERR, ERR, ERR, ERR),
    "nonce": _outcomes(*[FORM] * len(KINDS)),
    "honeypot": _outcomes(OK, *[FORM] * (len(KINDS) - 1)),
}

REQUEST_FIELD_CASES = [
    pytest.param(field, kind, id=f"{field}-{kind}")
    for field in REQUEST_FIELD_RULES
    for kind in KINDS
]


def _request_stored_value(field, value, fields):
    """What an accepted request stores for ``value`` in ``field``."""
    text = cleaned(value)
    if field == "email":
        return text.lower()
    if field == "window_1_to":
        return text[:10] if text else fields["window_1_from"]
    if field == "window_1_from":
        return text[:10]
    if field == "window_1_daypart":
        return text or "any"
    return text or None


@pytest.mark.parametrize(("field", "kind"), REQUEST_FIELD_CASES)
def test_request_field(server, watch, field, kind):
    """Family 1: one field of /voorlichting/aanvragen with a hostile value."""
    marker = f"req{uuid.uuid4().hex[:12]}"
    fields = request_fields(server.ids, marker)
    visitor = Visitor(server)
    csrf, nonce = visitor.open_form("/voorlichting/aanvragen")
    valid = nonce if field == "form_nonce" else fields[field]
    value = hostile(kind, valid, table="mdd_education_request")
    if field == "form_nonce":
        hidden = {"csrf_token": csrf, "form_nonce": value}
    else:
        hidden = {"csrf_token": csrf, "form_nonce": nonce}
        fields[field] = value
    encoding = "multipart" if kind == "utf8_multipart" else "urlencoded"
    response = visitor.post(
        "/voorlichting/aanvragen", [*hidden.items(), *fields.items()], encoding=encoding
    )

    outcome = REQUEST_OUTCOMES[REQUEST_FIELD_RULES[field]][kind]
    if outcome == EITHER:
        outcome = OK if response.status_code == 303 else ERR
    errors = ("window_1_from", "window_1_to") if field == "window_1_to" else {field}
    if outcome == ERR:
        assert_request_refused(response, watch, errors)
        return
    if outcome == FORM:
        assert_request_refused(response, watch, {"form"})
        return
    stored = assert_request_accepted(server, visitor, response, watch)
    assert stored["state"] == "new"
    assert stored["source"] == "website"
    if field in REQUEST_COLUMNS:
        assert stored[field] == _request_stored_value(field, value, fields)
    assert "\x00" not in "".join(str(v) for v in stored.values())


REQUEST_NUMBER_FIELDS = (
    "municipality_id",
    "workshop_id",
    "audience_id",
    "participant_count",
    "window_1_from",
)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param(field, value, id=f"{field}-{name}")
        for field in REQUEST_NUMBER_FIELDS
        for name, value in {**WRONG_NUMBERS, "zero": "0", "1001": "1001"}.items()
    ],
)
def test_request_wrong_number(server, watch, field, value):
    """Family 1, wrong types: bad numbers in the id, count and date fields."""
    fields = request_fields(server.ids, f"req{uuid.uuid4().hex[:12]}")
    fields[field] = value
    response = send_request(Visitor(server), fields)
    assert_request_refused(response, watch, {field})


@pytest.mark.parametrize("field", ["organisation_name", "email", "workshop_id"])
def test_request_file_part_as_text(server, watch, field):
    """Family 1, wrong types: a file where the request form expects text."""
    fields = request_fields(server.ids, f"req{uuid.uuid4().hex[:12]}")
    fields.pop(field)
    response = send_request(
        Visitor(server), fields, [FilePart(field, "waarde.txt", b"OBS", "text/plain")]
    )
    assert_request_refused(response, watch, {field})


def test_request_repeated_keys_and_unknown_fields(server, watch):
    """Family 1: repeated keys (the first counts) and extra fields named like
    stored columns (ignored)."""
    marker = f"req{uuid.uuid4().hex[:12]}"
    fields = request_fields(server.ids, marker)
    first = fields.pop("organisation_name")
    visitor = Visitor(server)
    response = send_request(
        visitor,
        fields,
        extra=[
            ("organisation_name", first),
            ("organisation_name", SCRIPT),
            ("state", "planned"),
            ("source", "manual"),
            ("name", "REQ-HACKED"),
            ("user_id", "2"),
            ("partner_id", "1"),
            ("company_id", "999"),
            ("window_1_from[]", "2000-01-01"),
        ],
    )
    stored = assert_request_accepted(server, visitor, response, watch)
    assert stored["organisation_name"] == first
    assert stored["partner"] == first
    assert stored["state"] == "new"
    assert stored["source"] == "website"
    assert stored["name"] != "REQ-HACKED"


def test_request_array_notation(server, watch):
    """Family 1, wrong types: ``organisation_name[]`` is not ``organisation_name``."""
    fields = request_fields(server.ids, f"req{uuid.uuid4().hex[:12]}")
    fields.pop("organisation_name")
    response = send_request(Visitor(server), fields, extra=[("organisation_name[]", "OBS")])
    assert_request_refused(response, watch, {"organisation_name"})


# ----------------------------------------------------------------------
# /melden/status, /melden/status/bericht
# ----------------------------------------------------------------------


@dataclass
class Report:
    number: str
    code: str


def submit_report(server, **overrides):
    """A report sent through /melden (outside any case's watch)."""
    fields = report_fields(server.ids)
    fields.update(overrides)
    response = send_report(Visitor(server), fields)
    assert response.status_code == 200
    return Report(
        NUMBER.search(response.text).group(1).strip(), CODE.search(response.text).group(1).strip()
    )


@pytest.fixture(scope="module")
def reports(server):
    """Two reports of two complainants; A has a message with a file."""
    report_a, report_b = submit_report(server), submit_report(server)
    visitor = open_status(server, report_a)
    csrf = CSRF.search(visitor.get("/melden/status").text).group(1)
    sent = visitor.post(
        "/melden/status/bericht",
        [("csrf_token", csrf), ("number", report_a.number), ("message", "Een foto")],
        [FilePart("message_attachments", "foto.png", PNG, "image/png")],
    )
    assert sent.status_code == 303
    links = ATTACHMENT_LINK.findall(visitor.get("/melden/status").text)
    assert len(links) == 1
    return {"a": report_a, "b": report_b, "a_attachment": int(links[0][0])}


def open_status(server, report, visitor=None):
    """A visitor with ``report`` opened on /melden/status."""
    visitor = visitor or Visitor(server)
    csrf, _nonce = visitor.open_form("/melden/status")
    response = visitor.post(
        "/melden/status",
        [("csrf_token", csrf), ("number", report.number), ("receipt_code", report.code)],
    )
    assert response.status_code == 303, response.status_code
    return visitor


def status_page(visitor):
    """The report number shown on /melden/status, or None (look-up form)."""
    page = visitor.get("/melden/status")
    assert page.status_code == 200
    shown = STATUS_NUMBER.search(page.text)
    if shown is None:
        assert STATUS_LOOKUP_FORM in page.text
    return shown.group(1).strip() if shown else None


def assert_lookup_refused(response, watch, visitor, form_error=True):
    """The look-up form again with an error; nothing opened or stored."""
    watch.check_status(response, 200)
    watch.assert_log_clean()  # a traceback explains a failure best
    assert STATUS_LOOKUP_FORM in response.text
    assert STATUS_NUMBER.search(response.text) is None
    if form_error:
        assert ERROR_SUMMARY in response.text
    assert_no_live_markup(response.text)
    assert status_page(visitor) is None
    watch.assert_unchanged()
    watch.assert_log_clean()


STATUS_LOOKUP_OUTCOMES = {
    "number": _outcomes(*[REFUSED] * 4, EITHER, EITHER, *[REFUSED] * 6),
    "receipt_code": _outcomes(*[REFUSED] * 4, EITHER, EITHER, *[REFUSED] * 6),
    "mdd_website": _outcomes(OPENED, *[REFUSED] * 11),
}


@pytest.mark.parametrize(
    ("field", "kind"),
    [
        pytest.param(field, kind, id=f"{field}-{kind}")
        for field in STATUS_LOOKUP_OUTCOMES
        for kind in KINDS
    ],
)
def test_status_lookup_field(server, reports, watch, field, kind):
    """Family 1: one field of the /melden/status look-up with a hostile value."""
    report = reports["b"]
    visitor = Visitor(server)
    csrf, _nonce = visitor.open_form("/melden/status")
    fields = {"number": report.number, "receipt_code": report.code, "mdd_website": ""}
    fields[field] = hostile(kind, fields[field])
    encoding = "urlencoded" if kind == "utf8_urlencoded" else "multipart"
    response = visitor.post(
        "/melden/status", [("csrf_token", csrf), *fields.items()], encoding=encoding
    )
    outcome = STATUS_LOOKUP_OUTCOMES[field][kind]
    if outcome == EITHER:
        outcome = OPENED if response.status_code == 303 else REFUSED
    if outcome == REFUSED:
        assert_lookup_refused(response, watch, visitor)
        return
    watch.check_status(response, 303)
    assert response.headers["Location"].endswith("/melden/status")
    assert status_page(visitor) == report.number
    watch.assert_unchanged()
    watch.assert_log_clean()


def message_count(server, report):
    return server.sql(
        "SELECT count(*) FROM mail_message m JOIN helpdesk_ticket t"
        " ON m.model = 'helpdesk.ticket' AND m.res_id = t.id"
        " WHERE t.number = %s AND m.message_type = 'comment'",
        (report.number,),
    )[0][0]


def last_message_body(server, report):
    return server.sql(
        "SELECT m.body FROM mail_message m JOIN helpdesk_ticket t"
        " ON m.model = 'helpdesk.ticket' AND m.res_id = t.id"
        " WHERE t.number = %s AND m.message_type = 'comment' ORDER BY m.id DESC LIMIT 1",
        (report.number,),
    )[0][0]


def assert_message_refused(response, watch, *, reopen=False, errors=None):
    """Nothing posted: the status page again with an error (``errors``: the
    field errors shown), or with ``reopen`` the look-up form."""
    watch.check_status(response, 200)
    watch.assert_log_clean()  # a traceback explains a failure best
    assert ERROR_SUMMARY in response.text
    if reopen:
        assert STATUS_LOOKUP_FORM in response.text
        assert STATUS_NUMBER.search(response.text) is None
    else:
        assert 'id="mdd_message_form"' in response.text
        assert set(FIELD_ERROR.findall(response.text)) == set(errors or ())
    assert_no_live_markup(response.text)
    watch.assert_unchanged()
    watch.assert_log_clean()


def assert_message_posted(visitor, response, watch, attachments=0):
    watch.check_status(response, 303)
    watch.assert_log_clean()  # a traceback explains a failure best
    assert response.headers["Location"].endswith("/melden/status?sent=1")
    watch.assert_added(mail_message=SOME, ir_attachment=attachments)
    watch.assert_no_live_markup_in_messages()
    page = visitor.get("/melden/status?sent=1")
    watch.check_status(page, 200)
    assert 'id="mdd_message_sent"' in page.text
    assert_no_live_markup(page.text)
    watch.assert_log_clean()
    return page


STATUS_MESSAGE_OUTCOMES = {
    "message": _outcomes(ERR, ERR, ERR, ERR, OK, OK, OK, OK, OK, OK, OK, OK),
    "number": _outcomes(*[REFUSED] * 4, EITHER, EITHER, *[REFUSED] * 6),
    "mdd_website": _outcomes(OK, *[FORM] * 11),
}


@pytest.mark.parametrize(
    ("field", "kind"),
    [
        pytest.param(field, kind, id=f"{field}-{kind}")
        for field in STATUS_MESSAGE_OUTCOMES
        for kind in KINDS
    ],
)
def test_status_message_field(server, reports, watch, field, kind):
    """Family 1: one field of /melden/status/bericht with a hostile value."""
    report = reports["b"]
    visitor = open_status(server, report)
    csrf = CSRF.search(visitor.get("/melden/status").text).group(1)
    before = message_count(server, report)
    watch.snapshot()
    fields = {"number": report.number, "message": "Ik heb nog een vraag.", "mdd_website": ""}
    value = hostile(kind, fields[field])
    fields[field] = value
    encoding = "urlencoded" if kind == "utf8_urlencoded" else "multipart"
    response = visitor.post(
        "/melden/status/bericht", [("csrf_token", csrf), *fields.items()], encoding=encoding
    )
    outcome = STATUS_MESSAGE_OUTCOMES[field][kind]
    if outcome == EITHER:
        outcome = OK if response.status_code == 303 else REFUSED
    if outcome == REFUSED:
        assert_message_refused(response, watch, reopen=True)
    elif outcome == ERR:
        assert_message_refused(response, watch, errors={field})
    elif outcome == FORM:
        assert_message_refused(response, watch, errors=set())
    else:
        page = assert_message_posted(visitor, response, watch)
        assert message_count(server, report) == before + 1
        body = last_message_body(server, report)
        assert "<script" not in body.lower() and "<img" not in body.lower()
        if field == "message":
            assert visible(html_text(body)) == visible(cleaned(value))
            if kind in ("script", "img_onerror"):
                # Shown as text: escaped in the page.
                assert html.escape(value.split(" ")[0], quote=False) in page.text
        return
    assert message_count(server, report) == before


def test_status_number_as_file_part(server, reports, watch):
    """Family 1, wrong types: the report number sent as a file."""
    report = reports["b"]
    visitor = Visitor(server)
    csrf, _nonce = visitor.open_form("/melden/status")
    response = visitor.post(
        "/melden/status",
        [("csrf_token", csrf), ("receipt_code", report.code)],
        [FilePart("number", "nummer.txt", report.number.encode(), "text/plain")],
    )
    assert_lookup_refused(response, watch, visitor)


def test_status_code_as_file_part(server, reports, watch):
    """Family 1, wrong types: the receipt code sent as a file."""
    report = reports["b"]
    visitor = Visitor(server)
    csrf, _nonce = visitor.open_form("/melden/status")
    response = visitor.post(
        "/melden/status",
        [("csrf_token", csrf), ("number", report.number)],
        [FilePart("receipt_code", "code.txt", report.code.encode(), "text/plain")],
    )
    assert_lookup_refused(response, watch, visitor)


def test_status_repeated_number(server, reports, watch):
    """Family 1, wrong types: the number sent twice; the first (wrong) counts."""
    report = reports["b"]
    visitor = Visitor(server)
    csrf, _nonce = visitor.open_form("/melden/status")
    response = visitor.post(
        "/melden/status",
        [
            ("csrf_token", csrf),
            ("number", "HT99999"),
            ("number", report.number),
            ("receipt_code", report.code),
        ],
    )
    assert_lookup_refused(response, watch, visitor)


@pytest.mark.parametrize("field", ["message", "number"])
def test_status_message_file_part_as_text(server, reports, watch, field):
    """Family 1, wrong types: the message or the number sent as a file."""
    report = reports["b"]
    visitor = open_status(server, report)
    csrf = CSRF.search(visitor.get("/melden/status").text).group(1)
    fields = {"number": report.number, "message": "Hallo"}
    content = fields.pop(field).encode()
    response = visitor.post(
        "/melden/status/bericht",
        [("csrf_token", csrf), *fields.items()],
        [FilePart(field, "tekst.txt", content, "text/plain")],
    )
    if field == "number":
        assert_message_refused(response, watch, reopen=True)
    else:
        assert_message_refused(response, watch, errors={"message"})


# ----------------------------------------------------------------------
# Family 2: multipart bombs and disguised files
# ----------------------------------------------------------------------


def _zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * (50 * 1024 * 1024))
    return buffer.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 120
HTML_PAGE = b'<!DOCTYPE html><html><body><script>alert("mdd-xss")</script></body></html>'
SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert("mdd-xss")</script></svg>'

# name -> (file, expected): expected is None when the file must be refused
# with an error on the attachments field, else (stored name, stored type),
# or the extension a shortened name must keep.
REPORT_FILE_CASES = {
    "png": (FilePart("attachments", "foto.png", PNG, "image/png"), ("foto.png", "image/png")),
    "html_as_png": (FilePart("attachments", "foto.png", HTML_PAGE, "image/png"), None),
    "svg_script_as_png": (FilePart("attachments", "foto.png", SVG_SCRIPT, "image/png"), None),
    "svg_script": (FilePart("attachments", "tekening.svg", SVG_SCRIPT, "image/svg+xml"), None),
    "html_as_txt": (FilePart("attachments", "brief.txt", HTML_PAGE, "text/plain"), None),
    "html_as_pdf": (FilePart("attachments", "brief.pdf", HTML_PAGE, "application/pdf"), None),
    "exe_as_pdf": (FilePart("attachments", "brief.pdf", MZ, "application/pdf"), None),
    "elf_as_jpg": (FilePart("attachments", "foto.jpg", ELF, "image/jpeg"), None),
    "zip_bomb_as_pdf": (FilePart("attachments", "brief.pdf", _zip_bomb(), "application/pdf"), None),
    "png_as_txt": (FilePart("attachments", "brief.txt", PNG, "text/plain"), None),
    "pdf_as_png": (FilePart("attachments", "foto.png", PDF, "image/png"), None),
    "text_with_markup_sent_as_html": (
        FilePart("attachments", "brief.txt", b'Zie <script>alert("x")</script>', "text/html"),
        ("brief.txt", "text/plain"),
    ),
    "gif_polyglot": (
        FilePart("attachments", "foto.gif", b'GIF89a<script>alert("x")</script>', "image/gif"),
        ("foto.gif", "image/gif"),
    ),
    "empty_file": (FilePart("attachments", "foto.png", b"", "image/png"), None),
    "path_traversal": (
        FilePart("attachments", "../../etc/passwd", b"root:x:0:0:root", "text/plain"),
        None,
    ),
    "path_traversal_txt": (
        FilePart("attachments", "../../etc/passwd.txt", b"root:x:0:0:root", "text/plain"),
        ("passwd.txt", "text/plain"),
    ),
    "windows_traversal": (
        FilePart("attachments", "..\\..\\boot.ini.txt", b"[boot]", "text/plain"),
        ("boot.ini.txt", "text/plain"),
    ),
    "markup_filename": (
        FilePart("attachments", "<img src=x onerror=alert(1)>.png", PNG, "image/png"),
        ("<img src=x onerror=alert(1)>.png", "image/png"),
    ),
    "nul_in_filename": (
        FilePart("attachments", b"fo\x00to.png", PNG, "image/png"),
        ("foto.png", "image/png"),
    ),
    # A long name is shortened, its extension kept.
    "long_filename": (FilePart("attachments", "B" * 150 + ".png", PNG, "image/png"), ".png"),
    "huge_filename": (FilePart("attachments", "A" * 10_000 + ".png", PNG, "image/png"), ".png"),
}
# A NUL byte in a file name: removed, or the file refused with a message.
MAY_BE_REFUSED = {"nul_in_filename"}


def report_attachments(server, number):
    return server.sql(
        "SELECT a.name, a.mimetype, a.file_size FROM ir_attachment a"
        " JOIN helpdesk_ticket t ON a.res_model = 'helpdesk.ticket' AND a.res_id = t.id"
        " WHERE t.number = %s ORDER BY a.id",
        (number,),
    )


@pytest.mark.parametrize("case", list(REPORT_FILE_CASES))
def test_report_file(server, watch, case):
    """Family 2: a disguised or oddly named file with a report."""
    part, expected = REPORT_FILE_CASES[case]
    response = send_report(Visitor(server), report_fields(server.ids), [part])
    refused = response.status_code == 200 and CODE.search(response.text) is None
    if expected is None or (case in MAY_BE_REFUSED and refused):
        assert_report_refused(response, watch, {"attachments"})
        return
    number = assert_report_accepted(response, watch, attachments=1)
    [(name, mimetype, size)] = report_attachments(server, number)
    assert size == len(part.content)
    assert "/" not in name and "\\" not in name and "\x00" not in name
    if isinstance(expected, str):
        assert name.endswith(expected) and len(name) <= 255, name
        assert mimetype == "image/png"
    else:
        assert (name, mimetype) == expected


def test_report_bad_utf8_filename(server, watch):
    """Family 2: invalid UTF-8 in a file name. werkzeug 2.2 then drops the
    whole multipart form (so the CSRF token is missing: Odoo's 400); a newer
    one reads the name with replacement characters."""
    part = FilePart("attachments", b"foto\xff\xfe.png", PNG, "image/png")
    response = send_report(Visitor(server), report_fields(server.ids), [part])
    if response.status_code == 400:
        watch.assert_unchanged()
        watch.assert_log_clean()
        return
    number = assert_report_accepted(response, watch, attachments=1)
    assert report_attachments(server, number) == [("foto\ufffd\ufffd.png", "image/png", len(PNG))]


def test_report_more_than_max_files(server, watch):
    """Family 2: one file more than allowed."""
    parts = [
        FilePart("attachments", f"foto{i}.png", PNG, "image/png") for i in range(MAX_FILES + 1)
    ]
    response = send_report(Visitor(server), report_fields(server.ids), parts)
    assert_report_refused(response, watch, {"attachments"})


def test_report_max_files(server, watch):
    """Family 2 (control): exactly the allowed number of files."""
    parts = [FilePart("attachments", f"foto{i}.png", PNG, "image/png") for i in range(MAX_FILES)]
    response = send_report(Visitor(server), report_fields(server.ids), parts)
    number = assert_report_accepted(response, watch, attachments=MAX_FILES)
    assert len(report_attachments(server, number)) == MAX_FILES


def test_report_thousands_of_files(server, watch):
    """Family 2: 3000 file parts (only the first few are read)."""
    parts = [FilePart("attachments", f"f{i}.txt", b"x", "text/plain") for i in range(3000)]
    response = send_report(Visitor(server), report_fields(server.ids), parts)
    if response.status_code == 413:  # werkzeug's limit on the number of parts
        watch.assert_unchanged()
        watch.assert_log_clean()
        return
    assert_report_refused(response, watch, {"attachments"})


def test_report_thousands_of_parts(server, watch):
    """Family 2: 5000 extra form fields; ignored, or the body refused (413)."""
    extra = [(f"x{i}", "y") for i in range(5000)]
    response = send_report(Visitor(server), report_fields(server.ids), extra=extra)
    if response.status_code == 413:
        watch.assert_unchanged()
        watch.assert_log_clean()
        return
    assert_report_accepted(response, watch)


def test_report_file_over_max_size(server, watch):
    """Family 2: a photo one byte over the limit: the form again with the
    add-on's message (or werkzeug's 413); nothing stored."""
    big = PNG + b"\x00" * (MAX_FILE_SIZE + 1 - len(PNG))
    response = send_report(
        Visitor(server),
        report_fields(server.ids),
        [FilePart("attachments", "groot.png", big, "image/png")],
    )
    if response.status_code == 413:
        watch.assert_unchanged()
        watch.assert_log_clean()
        return
    assert_report_refused(response, watch, {"attachments"})


def test_report_file_of_max_size(server, watch):
    """Family 2 (control): a photo of exactly the documented limit is taken."""
    big = PNG + b"\x00" * (MAX_FILE_SIZE - len(PNG))
    response = send_report(
        Visitor(server),
        report_fields(server.ids),
        [FilePart("attachments", "groot.png", big, "image/png")],
    )
    number = assert_report_accepted(response, watch, attachments=1)
    assert report_attachments(server, number) == [("groot.png", "image/png", MAX_FILE_SIZE)]


def test_report_urlencoded_body_over_limit(server, watch):
    """Family 2: an 11 MB urlencoded body: werkzeug's 413, nothing stored."""
    fields = report_fields(server.ids)
    fields["description"] = "C" * (11 * 1024 * 1024)
    response = send_report(Visitor(server), fields, encoding="urlencoded")
    watch.check_status(response, 413)
    watch.assert_unchanged()
    watch.assert_log_clean()


@pytest.mark.parametrize("cut", ["half", "before_end", "no_closing_boundary"])
def test_report_truncated_multipart(server, watch, cut):
    """Family 2: a multipart body cut short. werkzeug drops the form, so the
    CSRF token is missing: Odoo's 400."""
    visitor = Visitor(server)
    csrf, nonce = visitor.open_form("/melden")
    body = multipart(
        [("csrf_token", csrf), ("form_nonce", nonce), *as_pairs(report_fields(server.ids))],
        [FilePart("attachments", "foto.png", PNG, "image/png")],
    )
    end = {"half": len(body) // 2, "before_end": len(body) - 40, "no_closing_boundary": -4}[cut]
    response = visitor.post("/melden", body=body[:end])
    watch.check_status(response, 400)
    watch.assert_unchanged()
    watch.assert_log_clean()


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=anotherBoundary",
        "multipart/mixed; boundary=" + BOUNDARY,
    ],
    ids=["missing_boundary", "empty_boundary", "wrong_boundary", "wrong_multipart_type"],
)
def test_report_bad_multipart_header(server, watch, content_type):
    """Family 2: a multipart body whose header does not describe it."""
    visitor = Visitor(server)
    csrf, nonce = visitor.open_form("/melden")
    body = multipart(
        [("csrf_token", csrf), ("form_nonce", nonce), *as_pairs(report_fields(server.ids))]
    )
    response = visitor.post("/melden", body=body, content_type=content_type)
    watch.check_status(response, 400)
    watch.assert_unchanged()
    watch.assert_log_clean()


# name -> (files, expected): None when refused, else [(name, type)] stored.
MESSAGE_FILE_CASES = {
    "png": (
        [FilePart("message_attachments", "foto.png", PNG, "image/png")],
        [("foto.png", "image/png")],
    ),
    "html_as_png": ([FilePart("message_attachments", "foto.png", HTML_PAGE, "image/png")], None),
    "svg_script_as_png": (
        [FilePart("message_attachments", "foto.png", SVG_SCRIPT, "image/png")],
        None,
    ),
    "exe_as_pdf": ([FilePart("message_attachments", "brief.pdf", MZ, "application/pdf")], None),
    "zip_bomb_as_pdf": (
        [FilePart("message_attachments", "brief.pdf", _zip_bomb(), "application/pdf")],
        None,
    ),
    "path_traversal_png": (
        [FilePart("message_attachments", "../../etc/passwd.png", PNG, "image/png")],
        [("passwd.png", "image/png")],
    ),
    "markup_filename": (
        [FilePart("message_attachments", "<img src=x onerror=alert(1)>.png", PNG, "image/png")],
        [("<img src=x onerror=alert(1)>.png", "image/png")],
    ),
    "nul_in_filename": (
        [FilePart("message_attachments", b"fo\x00to.png", PNG, "image/png")],
        [("foto.png", "image/png")],
    ),
    "more_than_max_files": (
        [
            FilePart("message_attachments", f"foto{i}.png", PNG, "image/png")
            for i in range(MAX_FILES + 1)
        ],
        None,
    ),
}


def message_attachments(server, report):
    return server.sql(
        "SELECT a.name, a.mimetype FROM ir_attachment a"
        " JOIN message_attachment_rel r ON r.attachment_id = a.id"
        " JOIN mail_message m ON m.id = r.message_id"
        " JOIN helpdesk_ticket t ON m.model = 'helpdesk.ticket' AND m.res_id = t.id"
        " WHERE t.number = %s AND m.id = ("
        "   SELECT max(m2.id) FROM mail_message m2"
        "    WHERE m2.model = 'helpdesk.ticket' AND m2.res_id = t.id"
        "      AND m2.message_type = 'comment')"
        " ORDER BY a.id",
        (report.number,),
    )


@pytest.mark.parametrize("case", list(MESSAGE_FILE_CASES))
def test_status_message_file(server, reports, watch, case):
    """Family 2: files sent with a message on the status page; stored with
    the type of their content, names shown escaped, downloads as attachment."""
    files, expected = MESSAGE_FILE_CASES[case]
    report = reports["b"]
    visitor = open_status(server, report)
    csrf = CSRF.search(visitor.get("/melden/status").text).group(1)
    watch.snapshot()
    response = visitor.post(
        "/melden/status/bericht",
        [("csrf_token", csrf), ("number", report.number), ("message", "")],
        files,
    )
    refused = response.status_code == 200 and ERROR_SUMMARY in response.text
    if expected is None or (case in MAY_BE_REFUSED and refused):
        assert_message_refused(response, watch, errors={"message_attachments"})
        return
    page = assert_message_posted(visitor, response, watch, len(expected))
    assert message_attachments(server, report) == expected
    shown = {name: int(aid) for aid, name in ATTACHMENT_LINK.findall(page.text)}
    for name, mimetype in expected:
        assert html.escape(name, quote=False) in shown or name in shown, shown
        aid = shown.get(html.escape(name, quote=False), shown.get(name))
        download = visitor.get(f"/melden/status/bijlage/{aid}")
        watch.check_status(download, 200)
        assert download.headers["Content-Type"].split(";")[0] == mimetype
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert download.headers.get("X-Content-Type-Options") == "nosniff"
    watch.assert_log_clean()


def test_status_message_file_over_max_size(server, reports, watch):
    """Family 2: a message file one byte over the limit."""
    report = reports["b"]
    visitor = open_status(server, report)
    csrf = CSRF.search(visitor.get("/melden/status").text).group(1)
    big = PNG + b"\x00" * (MAX_FILE_SIZE + 1 - len(PNG))
    response = visitor.post(
        "/melden/status/bericht",
        [("csrf_token", csrf), ("number", report.number), ("message", "")],
        [FilePart("message_attachments", "groot.png", big, "image/png")],
    )
    if response.status_code == 413:
        watch.assert_unchanged()
        watch.assert_log_clean()
        return
    assert_message_refused(response, watch, errors={"message_attachments"})


# ----------------------------------------------------------------------
# Family 3: CSRF
# ----------------------------------------------------------------------


def _other_session_token(server, path):
    return Visitor(server).open_form(path)[0]


CSRF_VARIANTS = ["missing", "empty", "forged", "other_session", "as_file"]


def _csrf_value(server, variant, real, path):
    """``(pairs, files)`` carrying the CSRF token of ``variant``."""
    if variant == "missing":
        return [], []
    if variant == "empty":
        return [("csrf_token", "")], []
    if variant == "forged":
        return [("csrf_token", "0" * 40 + "o9999999999")], []
    if variant == "other_session":
        return [("csrf_token", _other_session_token(server, path))], []
    assert variant == "as_file"
    return [], [FilePart("csrf_token", "csrf.txt", real.encode(), "text/plain")]


@pytest.mark.parametrize("variant", CSRF_VARIANTS)
def test_csrf_report(server, watch, variant):
    visitor = Visitor(server)
    csrf, nonce = visitor.open_form("/melden")
    pairs, files = _csrf_value(server, variant, csrf, "/melden")
    response = visitor.post(
        "/melden",
        [*pairs, ("form_nonce", nonce), *as_pairs(report_fields(server.ids))],
        files,
    )
    watch.check_status(response, 400)
    assert CODE.search(response.text) is None
    watch.assert_unchanged()
    watch.assert_log_clean()


@pytest.mark.parametrize("variant", CSRF_VARIANTS)
def test_csrf_request(server, watch, variant):
    visitor = Visitor(server)
    csrf, nonce = visitor.open_form("/voorlichting/aanvragen")
    pairs, files = _csrf_value(server, variant, csrf, "/voorlichting/aanvragen")
    fields = request_fields(server.ids, f"req{uuid.uuid4().hex[:12]}")
    response = visitor.post(
        "/voorlichting/aanvragen",
        [*pairs, ("form_nonce", nonce), *fields.items()],
        files,
        encoding="multipart",
    )
    watch.check_status(response, 400)
    watch.assert_unchanged()
    watch.assert_log_clean()


@pytest.mark.parametrize("variant", CSRF_VARIANTS)
def test_csrf_status_lookup(server, reports, watch, variant):
    report = reports["b"]
    visitor = Visitor(server)
    csrf, _nonce = visitor.open_form("/melden/status")
    pairs, files = _csrf_value(server, variant, csrf, "/melden/status")
    response = visitor.post(
        "/melden/status",
        [*pairs, ("number", report.number), ("receipt_code", report.code)],
        files,
    )
    watch.check_status(response, 400)
    assert status_page(visitor) is None, "the report was opened without a valid token"
    watch.assert_unchanged()
    watch.assert_log_clean()


@pytest.mark.parametrize("variant", CSRF_VARIANTS)
def test_csrf_status_message(server, reports, watch, variant):
    report = reports["b"]
    visitor = open_status(server, report)
    csrf = CSRF.search(visitor.get("/melden/status").text).group(1)
    before = message_count(server, report)
    watch.snapshot()
    pairs, files = _csrf_value(server, variant, csrf, "/melden/status")
    response = visitor.post(
        "/melden/status/bericht",
        [*pairs, ("number", report.number), ("message", "Vervalst bericht")],
        files,
    )
    watch.check_status(response, 400)
    assert message_count(server, report) == before
    watch.assert_unchanged()
    watch.assert_log_clean()


@pytest.mark.parametrize("variant", CSRF_VARIANTS)
def test_csrf_status_close(server, reports, watch, variant):
    """A forged "close" leaves the visitor's report open."""
    report = reports["b"]
    visitor = open_status(server, report)
    csrf = CSRF.search(visitor.get("/melden/status").text).group(1)
    pairs, files = _csrf_value(server, variant, csrf, "/melden/status")
    response = visitor.post("/melden/status/sluiten", pairs, files)
    watch.check_status(response, 400)
    assert status_page(visitor) == report.number
    watch.assert_unchanged()
    watch.assert_log_clean()


# ----------------------------------------------------------------------
# Family 4: replays
# ----------------------------------------------------------------------


def test_replay_report_same_session(server, watch):
    """The exact same valid /melden request sent again: no second report,
    the receipt code is not shown again."""
    visitor = Visitor(server)
    csrf, nonce = visitor.open_form("/melden")
    body = multipart(
        [("csrf_token", csrf), ("form_nonce", nonce), *as_pairs(report_fields(server.ids))]
    )
    first = visitor.post("/melden", body=body)
    assert_report_accepted(first, watch)
    code = CODE.search(first.text).group(1)
    watch.snapshot()
    replay = visitor.post("/melden", body=body)
    assert_report_refused(replay, watch, {"form"})
    assert code not in replay.text
    # The form page afterwards shows no code either.
    page = visitor.get("/melden")
    assert page.status_code == 200 and code not in page.text and CODE.search(page.text) is None


def test_replay_report_other_session(server, watch):
    """Another visitor replays the request with their own CSRF token: the
    form token was not given to their session."""
    visitor = Visitor(server)
    csrf, nonce = visitor.open_form("/melden")
    fields = as_pairs(report_fields(server.ids))
    first = visitor.post("/melden", [("csrf_token", csrf), ("form_nonce", nonce), *fields])
    assert_report_accepted(first, watch)
    watch.snapshot()
    attacker = Visitor(server)
    attacker_csrf, _own_nonce = attacker.open_form("/melden")
    replay = attacker.post(
        "/melden", [("csrf_token", attacker_csrf), ("form_nonce", nonce), *fields]
    )
    assert_report_refused(replay, watch, {"form"})


def test_replay_request_same_session(server, watch):
    """The same valid workshop request sent twice: one request."""
    visitor = Visitor(server)
    marker = f"req{uuid.uuid4().hex[:12]}"
    csrf, nonce = visitor.open_form("/voorlichting/aanvragen")
    pairs = [
        ("csrf_token", csrf),
        ("form_nonce", nonce),
        *request_fields(server.ids, marker).items(),
    ]
    first = visitor.post("/voorlichting/aanvragen", pairs, encoding="urlencoded")
    assert_request_accepted(server, visitor, first, watch)
    watch.snapshot()
    replay = visitor.post("/voorlichting/aanvragen", pairs, encoding="urlencoded")
    assert_request_refused(replay, watch, {"form"})
    stored = server.sql(
        "SELECT count(*) FROM mdd_education_request WHERE submitted_organisation = %s",
        (f"OBS {marker}",),
    )[0][0]
    assert stored == 1


def test_request_thanks_in_fresh_session(server, watch):
    """The thank-you page in a session that sent nothing: back to the form,
    no reference of another visitor."""
    visitor = Visitor(server)
    marker = f"req{uuid.uuid4().hex[:12]}"
    response = send_request(visitor, request_fields(server.ids, marker))
    stored = assert_request_accepted(server, visitor, response, watch)
    stranger = Visitor(server)
    thanks = stranger.get("/voorlichting/aanvragen/bedankt")
    watch.check_status(thanks, 303)
    assert thanks.headers["Location"].endswith("/voorlichting/aanvragen")
    assert stored["name"] not in thanks.text
    form = stranger.get("/voorlichting/aanvragen")
    assert form.status_code == 200 and REQUEST_FORM in form.text
    assert stored["name"] not in form.text and REQUEST_REFERENCE.search(form.text) is None
    watch.assert_log_clean()


@pytest.mark.parametrize("which", ["wrong_code", "other_reports_code", "code_as_number"])
def test_status_wrong_pair(server, reports, watch, which):
    """A number with a code that is not its own."""
    number, code = {
        "wrong_code": (reports["a"].number, "ABCD-EFGH-JKLM-NPQR-STUV"),
        "other_reports_code": (reports["a"].number, reports["b"].code),
        "code_as_number": (reports["a"].code, reports["a"].number),
    }[which]
    visitor = Visitor(server)
    csrf, _nonce = visitor.open_form("/melden/status")
    response = visitor.post(
        "/melden/status", [("csrf_token", csrf), ("number", number), ("receipt_code", code)]
    )
    assert_lookup_refused(response, watch, visitor)


def test_status_replays_after_close(server, reports, watch):
    """After "close": the page shows the look-up form, a replayed message is
    refused, a file is not served; the look-up replayed opens the report
    again only because it carries the number and the code."""
    report = reports["a"]
    visitor = Visitor(server)
    csrf, _nonce = visitor.open_form("/melden/status")
    lookup = [("csrf_token", csrf), ("number", report.number), ("receipt_code", report.code)]
    assert visitor.post("/melden/status", lookup).status_code == 303
    assert status_page(visitor) == report.number
    page_csrf = CSRF.search(visitor.get("/melden/status").text).group(1)
    message = [("csrf_token", page_csrf), ("number", report.number), ("message", "Replay")]
    closed = visitor.post("/melden/status/sluiten", [("csrf_token", page_csrf)])
    watch.check_status(closed, 303)
    assert status_page(visitor) is None

    before = message_count(server, report)
    replay = visitor.post("/melden/status/bericht", message)
    assert_message_refused(replay, watch, reopen=True)
    assert message_count(server, report) == before
    download = visitor.get(f"/melden/status/bijlage/{reports['a_attachment']}")
    watch.check_status(download, 404)
    assert PNG not in download.content

    wrong = visitor.post("/melden/status", [*lookup[:2], ("receipt_code", reports["b"].code)])
    assert_lookup_refused(wrong, watch, visitor)
    reopened = visitor.post("/melden/status", lookup)
    watch.check_status(reopened, 303)
    assert status_page(visitor) == report.number
    watch.assert_unchanged()
    watch.assert_log_clean()


@pytest.mark.parametrize(
    "which", ["other_report", "no_session", "unknown_id", "huge_id", "negative_id", "letters"]
)
def test_status_attachment_of_another_report(server, reports, watch, which):
    """A file of report A asked for with report B open, or without any
    report open, or an id that is no id: 404, nothing served."""
    visitor = open_status(server, reports["b"]) if which != "no_session" else Visitor(server)
    path = {
        "other_report": reports["a_attachment"],
        "no_session": reports["a_attachment"],
        "unknown_id": 2_000_000_000,
        "huge_id": "99999999999999999999",
        "negative_id": -reports["a_attachment"],
        "letters": "abc",
    }[which]
    response = visitor.get(f"/melden/status/bijlage/{path}")
    watch.check_status(response, 404)
    assert PNG not in response.content
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    watch.assert_unchanged()
    watch.assert_log_clean()


def test_status_message_to_another_report(server, reports, watch):
    """Report B open, the message form names report A: refused, nothing
    posted to either report."""
    visitor = open_status(server, reports["b"])
    csrf = CSRF.search(visitor.get("/melden/status").text).group(1)
    before = (message_count(server, reports["a"]), message_count(server, reports["b"]))
    watch.snapshot()
    response = visitor.post(
        "/melden/status/bericht",
        [("csrf_token", csrf), ("number", reports["a"].number), ("message", "Niet van mij")],
    )
    assert_message_refused(response, watch, reopen=True)
    assert (message_count(server, reports["a"]), message_count(server, reports["b"])) == before
