# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every portal and public route, with forged ids, as every kind of user.

The routes of mdd_meldpunt and mdd_voorlichting, the OCA helpdesk portal
routes and the generic Odoo routes that can reach a report, its messages and
files, a complainant, a session, a request or the municipal figures are tried
with forged ids: someone else's record, an id that does not exist
(999999999), 0, -1 (Odoo's ``<int:>`` accepts it), 2**31 and 2**63, and for
token routes a wrong, an empty or another record's token. The generic routes
are /web/content, /web/image, the portal chatter and mail thread routes,
/mail/view, /mail/message, the attachment routes, the backend report of the
figures and the ORM over JSON-RPC. Each kind of user of the
access matrix (``test_access_matrix.USERS``) sends every request of
``ROUTE_CASES``; the outcome is compared with the table. POST forms carry the
session's valid CSRF token, so a refusal is the access check, not CSRF.
Every request runs in a savepoint that is rolled back afterwards, so the
cases do not change each other's records.

A request is written as ``[state] METHOD /path?query #data``:

- ``METHOD``: none for GET; ``POST`` (form POST, the query goes in the body
  with the CSRF token), ``FILE`` (the same with a small uploaded file
  ``ufile``) or ``RPC`` (JSON-RPC, the query gives the parameters, values are
  JSON when they parse, defaults in ``RPC_DEFAULTS``);
- ``[r1]``, ``[r2]``, ``[-]``: before the request, the status page session
  (/melden/status) is opened with the number and receipt code of that report,
  or closed;
- placeholders: ``{r1}`` the id of a record, ``{r1.t}`` its access token,
  ``{r1.n}`` a report's number, ``{r1.c}`` its receipt code, ``{r1.pid}`` and
  ``{r1.h}`` its complainant's partner id and its signed hash (mail links),
  ``{none}`` = 999999999, ``{big}`` = 2**31, ``{huge}`` = 2**63, ``{year}``
  this year, ``{nonce}`` the one-time token of the form on the same path;
- ``#data``: whose data must not leak (default: the first placeholder).

Records (see ``setUpClass``): r1 the owner's report (bureau MDD, complainant
c1; m1 its public reply with file a1m, m1n its internal note with file a1n,
a1 and img files of the report outside any message), r2 a report of the
Emmen bureau by someone without an account (c2, m2 with a2m, m2n with a2n),
all messages written by a handler of the report's bureau; s1 a planned
session of the owner's organisation given by the trainer, s2 one of another
organisation given by another trainer, sd a draft of the owner's
organisation, q1 a request of the owner's organisation; fig / figm the
published figures of the municipal official's municipality (Assen) / of
another one (Meppel); pa / pm their published versions of this year, pd a
draft of Assen.

Legend of the outcomes:

- ``200``  served with the record's data (the data markers are in the
  response, or the request changed the record): a grant;
- ``200-`` served (200) without the record's data: an empty list, a blank
  form, a "not found / not sent" message, a placeholder image;
- ``403`` / ``404`` refused (JSON-RPC: an AccessError or Forbidden / a
  NotFound or MissingError);
- ``303L`` redirect to the login page (JSON-RPC: the session expired error);
- ``303`` redirect (any 3xx) elsewhere, not to the record (portal home, a
  form, the status page, the backend);
- ``303R`` redirect to the record's own portal page (its ``access_url``);
- ``ERR`` JSON-RPC error other than access (refused input), without data
  (an error message that names the record's data counts as ``200``).

Any other outcome (a 500 above all) is a mismatch. Besides the table: a
refused response (anything but ``200`` and ``303R``) must not contain the
record's data nor change it, and whatever the route or token, the internal
notes of a report and their files never reach anyone but the staff of the
report's bureau.
"""

import json
import logging
import re
from datetime import timedelta
from unittest.mock import patch
from urllib.parse import parse_qsl, urlsplit

from werkzeug.exceptions import HTTPException

from odoo import fields
from odoo.addons.mdd_meldpunt.tests.common_portal import PNG
from odoo.tests import HttpCase, tagged
from odoo.tools import config

from .common import BridgeCommon, local
from .test_access_matrix import USERS

_logger = logging.getLogger(__name__)

FORGED = {"none": 999999999, "big": 2**31, "huge": 2**63}
PLACEHOLDER = re.compile(r"\{(\w+)(?:\.(\w+))?\}")
CSRF = re.compile(r'(?:name="csrf_token" value="|csrf_token: ")([^"]+)"')
NONCE = re.compile(r'name="form_nonce" value="([^"]+)"')
# Outcomes that may show or change the record (see the legend).
GRANTED = ("200", "303R")
# Route prefixes of the two add-ons and of the OCA helpdesk portal: each of
# their routes must have at least one row in ROUTE_CASES.
OWN_PREFIXES = (
    "/melden",
    "/my/meldingen",
    "/my/cijfers",
    "/my/voorlichtingen",
    "/voorlichting",
    "/mdd/",
    "/my/ticket",
    "/new/ticket",
    "/submitted/ticket",
    "/ticket/close",
)
# JSON-RPC errors, by (a part of) their name (NotFound, MissingError: 404).
RPC_ERRORS = (
    ("SessionExpired", "303L"),
    ("AccessError", "403"),
    ("Forbidden", "403"),
    ("UserError", "ERR"),
    ("ValidationError", "ERR"),
)
# A municipality's figures in the CSV, the PDF (title, file name), /my/cijfers.
FIGURES = (
    "%(code)s,%(name)s",
    "Discriminatiemeldingen %(name)s",
    "Discriminatiemeldingen%%20%(name)s",
    'data-cbs_code="%(code)s"',
)
# What a forged request could change: reports, sessions, requests and
# complainants, their messages, reactions, files and followers.
SNAPSHOT_QUERY = """
    SELECT (SELECT count(*) FROM helpdesk_ticket),
           (SELECT json_agg(json_build_array(id, stage_id, team_id, name, description)
                            ORDER BY id)
              FROM helpdesk_ticket WHERE id = ANY(%(tickets)s)),
           (SELECT json_agg(json_build_array(id, state, cancel_reason, evaluation_rating)
                            ORDER BY id)
              FROM mdd_education_session WHERE id = ANY(%(sessions)s)),
           (SELECT count(*) FROM mdd_education_request),
           (SELECT json_agg(json_build_array(id, state, chosen_slot_id, session_id) ORDER BY id)
              FROM mdd_education_offer WHERE id = ANY(%(offers)s)),
           (SELECT count(*) FROM mdd_education_session),
           (SELECT json_agg(json_build_array(id, name, email) ORDER BY id)
              FROM mdd_complainant WHERE id = ANY(%(complainants)s)),
           (SELECT json_agg(json_build_array(id, md5(coalesce(body::text, ''))) ORDER BY id)
              FROM mail_message
             WHERE (model = 'helpdesk.ticket' AND res_id = ANY(%(tickets)s))
                OR (model = 'mdd.education.session' AND res_id = ANY(%(sessions)s))
                OR (model = 'mdd.complainant' AND res_id = ANY(%(complainants)s))
                OR (model = 'mdd.education.request' AND res_id = ANY(%(requests)s))),
           (SELECT count(*) FROM mail_message_reaction),
           (SELECT json_agg(id ORDER BY id) FROM ir_attachment
             WHERE res_model IN ('helpdesk.ticket', 'mdd.education.session', 'mdd.complainant',
                                 'mdd.education.request', 'mail.compose.message')),
           (SELECT json_agg(json_build_array(res_model, res_id, partner_id) ORDER BY id)
              FROM mail_followers
             WHERE res_model IN ('helpdesk.ticket', 'mdd.education.session'))
"""
# Parameters of the JSON-RPC routes that the rows leave out.
RPC_DEFAULTS = {
    "/mail/message/post": {"post_data": {"body": "Vervalst bericht", "message_type": "comment"}},
    "/mail/thread/data": {
        "request_list": ["attachments", "followers", "suggestedRecipients", "activities"]
    },
    "/mail/thread/messages": {},
    "/mail/message/update_content": {"body": "Vervalst", "attachment_ids": []},
    "/mail/message/reaction": {"content": "x", "action": "add"},
    "/web/dataset/call_kw": {"kwargs": {"fields": ["display_name"]}},
}

# fmt: off
ROUTE_CASES = (
    # (request,
    #  outcome as: public owner portal_other municipal internal trainer planner
    #              handler_other handler coordinator)
    # -- /melden: the public report form ---------------------------------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/melden #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("POST /melden?form_nonce={nonce}&incident_municipality=-1&residence_municipality=0"
     "&ground_ids={none}&manifestation_ids=-1&role=victim #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("POST /melden?form_nonce={nonce}&incident_municipality={big}&role=victim #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("POST /melden?form_nonce={nonce}&incident_municipality={huge}&role=victim #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("POST /melden?form_nonce={nonce}&residence_municipality={huge}&role=victim #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("POST /melden?form_nonce={nonce}&ground_ids={huge}&manifestation_ids={huge} #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    # -- /melden/status: follow a report with number and receipt code ----
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("[-] /melden/status #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("[-] POST /melden/status?number={r1.n}&receipt_code=WRONG-CODE #r1x",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("[-] POST /melden/status?number={r1.n}&receipt_code= #r1x",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("[-] POST /melden/status?number={r1.n}&receipt_code={r2.c} #r1x",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("[-] POST /melden/status?number={r2.n}&receipt_code={r2.c}",
     "303  303  303  303  303  303  303  303  303  303 "),
    ("[r2] /melden/status #r2",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("[r2] /melden/status #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("[r2] POST /melden/status/bericht?number={r1.n}&message=Forged #r1x",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("[-] POST /melden/status/bericht?number={r1.n}&message=Forged #r1x",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("[r2] POST /melden/status/sluiten #r1",
     "303  303  303  303  303  303  303  303  303  303 "),
    ("[-] /melden/status/bijlage/{a1m}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("[r2] /melden/status/bijlage/{a1m}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("[r1] /melden/status/bijlage/{a2m}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("[r1] /melden/status/bijlage/{a1}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("[r1] /melden/status/bijlage/{a1n}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("[r1] /melden/status/bijlage/{a1m}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("[r1] /melden/status/bijlage/0 #a1m",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("[r1] /melden/status/bijlage/-1 #a1m",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("[r1] /melden/status/bijlage/{none} #a1m",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("[r1] /melden/status/bijlage/{big} #a1m",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("[r1] /melden/status/bijlage/{huge} #a1m",
     "404  404  404  404  404  404  404  404  404  404 "),
    # The link of a news mail (number only) and turning the news mails off.
    ("[-] /melden/status?number={r1.n} #r1x",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("[r2] /melden/status?number={r1.n} #r1x",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("[r1] POST /melden/status/geen-mail?number={r1.n}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("[r2] POST /melden/status/geen-mail?number={r1.n} #r1x",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("[-] POST /melden/status/geen-mail?number={r1.n} #r1x",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    # -- /my/meldingen: the complainant's portal --------------------------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/my/meldingen #r1",
     "303L 200  200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/my/meldingen #r2",
     "303L 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/my/meldingen/page/2 #r1",
     "303L 200  200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/my/meldingen/page/{huge} #r2",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/{r1}",
     "404  200  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/{r2}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/{r1}?access_token={r1.t}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("/my/meldingen/{r1}?access_token=wrong",
     "404  200  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/{r1}?access_token=",
     "404  200  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/{r1}?access_token={r2.t}",
     "404  200  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/{r2}?access_token={r1.t}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/{r1}?pid={r1.pid}&hash={r1.h}",
     "404  200  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/0 #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/-1 #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/{none} #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/{big} #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/meldingen/{huge} #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/meldingen/{r1}/geen-mail",
     "404  303R 404  404  404  404  404  404  404  404 "),
    ("POST /my/meldingen/{r1}/geen-mail?access_token={r1.t}",
     "303R 303R 303R 303R 303R 303R 303R 303R 303R 303R"),
    ("POST /my/meldingen/{r1}/geen-mail?access_token=wrong",
     "404  303R 404  404  404  404  404  404  404  404 "),
    ("POST /my/meldingen/{r2}/geen-mail?access_token={r1.t}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/meldingen/{r2}/geen-mail",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/meldingen/0/geen-mail #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/meldingen/{huge}/geen-mail #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    # -- OCA helpdesk portal ----------------------------------------------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/my/tickets #r1",
     "303L 200  200- 200- 200- 200- 200- 200- 200  200 "),
    ("/my/tickets #r2",
     "303L 200- 200- 200- 200- 200- 200- 200  200- 200 "),
    ("/my/tickets?search={r2.n}&filterby={huge}&sortby=stage #r2x",
     "303L 200- 200- 200- 200- 200- 200- 200  200- 200 "),
    ("/my/tickets/page/2 #r1",
     "303L 200  200- 200- 200- 200- 200- 200- 200  200 "),
    ("/my/ticket/{r1}",
     "303  303R 303  303  303  303  303  303  303R 303R"),
    ("/my/ticket/{r2}",
     "303  303  303  303  303  303  303  303R 303  303R"),
    ("/my/ticket/{r1}?access_token={r1.t}",
     "303R 303R 303R 303R 303R 303R 303R 303R 303R 303R"),
    ("/my/ticket/{r1}?access_token=wrong",
     "303  303R 303  303  303  303  303  303  303R 303R"),
    ("/my/ticket/{r2}?access_token={r1.t}",
     "303  303  303  303  303  303  303  303R 303  303R"),
    ("/my/ticket/0 #r1",
     "303  303  303  303  303  303  303  303  303  303 "),
    ("/my/ticket/-1 #r1",
     "303  303  303  303  303  303  303  303  303  303 "),
    ("/my/ticket/{none} #r1",
     "303  303  303  303  303  303  303  303  303  303 "),
    ("/my/ticket/{big} #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/ticket/{huge} #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/new/ticket #r1",
     "303L 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("POST /submitted/ticket?team={tm}&subject=Forged&description=Forged #r1",
     "303L 303  303  303  303  303  303  303  303  303 "),
    ("POST /submitted/ticket?team={te}&subject=Forged&description=Forged #r2",
     "303L 303  303  303  303  303  303  303  303  303 "),
    ("POST /ticket/close?ticket_id={r1}&stage_id={stc}",
     "303L 303R 303  303  303  303  303  303  303  303 "),
    ("POST /ticket/close?ticket_id={r2}&stage_id={stc}",
     "303L 303  303  303  303  303  303  303  303  303 "),
    ("POST /ticket/close?ticket_id={big}&stage_id={stc} #r1",
     "303L 303  303  303  303  303  303  303  303  303 "),
    ("POST /ticket/close?ticket_id={huge}&stage_id={stc} #r1",
     "303L 303  303  303  303  303  303  303  303  303 "),
    ("POST /ticket/close?ticket_id=-1&stage_id={huge} #r1",
     "303L 303  303  303  303  303  303  303  303  303 "),
    # -- /mdd/complainant: data-subject export (coordinators) -------------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/mdd/complainant/{c1}/export",
     "303L 404  404  404  404  404  404  404  404  200 "),
    ("/mdd/complainant/{c1}/export.json",
     "303L 404  404  404  404  404  404  404  404  200 "),
    ("/mdd/complainant/{c2}/export",
     "303L 404  404  404  404  404  404  404  404  200 "),
    ("/mdd/complainant/{c2}/export.json",
     "303L 404  404  404  404  404  404  404  404  200 "),
    ("/mdd/complainant/0/export #c1",
     "303L 404  404  404  404  404  404  404  404  404 "),
    ("/mdd/complainant/-1/export.json #c1",
     "303L 404  404  404  404  404  404  404  404  404 "),
    ("/mdd/complainant/{none}/export.json #c1",
     "303L 404  404  404  404  404  404  404  404  404 "),
    ("/mdd/complainant/{big}/export #c1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/mdd/complainant/{huge}/export #c1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/mdd/complainant/{huge}/export.json #c1",
     "404  404  404  404  404  404  404  404  404  404 "),
    # -- /my/cijfers: municipal figures -----------------------------------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/my/cijfers #fig",
     "303L 403  403  200  403  403  403  403  403  403 "),
    ("/my/cijfers?year=99999&municipality_id={meppel} #figm",
     "303L 403  403  200- 403  403  403  403  403  403 "),
    ("/my/cijfers?year={huge} #fig",
     "303L 403  403  200  403  403  403  403  403  403 "),
    ("/my/cijfers/GM0106/{year}/csv #fig",
     "303L 403  403  200  403  403  403  403  403  403 "),
    ("/my/cijfers/GM0106/{year}/pdf #fig",
     "303L 403  403  200  403  403  403  403  403  403 "),
    ("/my/cijfers/GM0119/{year}/csv #figm",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/GM0119/{year}/pdf #figm",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/XX9999/{year}/csv #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/gm0106/{year}/csv #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/GM0106/0/csv #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/GM0106/1990/pdf #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/GM0106/99999/pdf #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/GM0106/{huge}/csv #fig",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/cijfers/GM0106/-1/csv #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    # Frozen files of a published version: pa of the official's municipality
    # (Assen), pm of another (Meppel), pd a draft of Assen.
    ("/my/cijfers/versie/{pa}/csv #fig",
     "303L 403  403  200  403  403  403  403  403  403 "),
    ("/my/cijfers/versie/{pa}/pdf #fig",
     "303L 403  403  200  403  403  403  403  403  403 "),
    ("/my/cijfers/versie/{pm}/csv #figm",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/versie/{pm}/pdf #figm",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/versie/{pd}/csv #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/versie/{pa}/docx #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/versie/0/csv #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/versie/-1/csv #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/versie/{none}/csv #fig",
     "303L 403  403  404  403  403  403  403  403  403 "),
    ("/my/cijfers/versie/{big}/csv #fig",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/cijfers/versie/{huge}/csv #fig",
     "404  404  404  404  404  404  404  404  404  404 "),
    # The backend report of the figures (coordinators only).
    ("/report/html/mdd_meldpunt.report_wga_municipality/{assen} #fig",
     "303L 403  403  403  403  403  403  403  403  200 "),
    ("/report/pdf/mdd_meldpunt.report_wga_municipality/{meppel} #figm",
     "303L 403  403  403  403  403  403  403  403  200 "),
    ("/report/html/mdd_meldpunt.report_wga_municipality/{huge} #fig",
     "303L 403  403  403  403  403  403  403  403  200-"),
    # -- /voorlichting: catalogue and request form ------------------------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/voorlichting #s1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/voorlichting/aanvragen?workshop={huge} #s1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("POST /voorlichting/aanvragen?form_nonce={nonce}&workshop_id={huge}"
     "&municipality_id=-1&audience_id={none} #q1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/voorlichting/aanvragen/bedankt #q1",
     "303  303  303  303  303  303  303  303  303  303 "),
    # -- /voorlichting/agenda: a trainer's calendar feed (f1: the trainer's)
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/voorlichting/agenda/{f1.k}.ics #s1",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("/voorlichting/agenda/wrong.ics #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/voorlichting/agenda/{s1.k}.ics #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/voorlichting/agenda/{huge}.ics #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    # -- /voorlichting/evaluatie: participants' evaluation (QR code) ------
    # (s1 has not started yet: the page says the evaluation is not open.)
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/voorlichting/evaluatie/{s1.k} #s1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("POST /voorlichting/evaluatie/{s1.k} #s1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/voorlichting/evaluatie/{f1.k} #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /voorlichting/evaluatie/wrong #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    # -- /my/voorlichtingen: the organisations' portal --------------------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/my/voorlichtingen #s1",
     "303L 200  200- 200- 303  200- 200- 303  303  303 "),
    ("/my/voorlichtingen #s2",
     "303L 200- 200- 200- 303  200- 200- 303  303  303 "),
    ("/my/voorlichtingen/page/2 #s1",
     "303L 200  200- 200- 303  200- 200- 303  303  303 "),
    ("/my/voorlichtingen/{s1}",
     "404  200  404  404  404  200  200  404  404  404 "),
    ("/my/voorlichtingen/{s2}",
     "404  404  404  404  404  404  200  404  404  404 "),
    ("/my/voorlichtingen/{sd}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/voorlichtingen/{sd}?access_token={sd.t}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/voorlichtingen/{s1}?access_token={s1.t}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("/my/voorlichtingen/{s1}?access_token=wrong",
     "404  200  404  404  404  200  200  404  404  404 "),
    ("/my/voorlichtingen/{s1}?access_token=",
     "404  200  404  404  404  200  200  404  404  404 "),
    ("/my/voorlichtingen/{s2}?access_token={s1.t}",
     "404  404  404  404  404  404  200  404  404  404 "),
    ("/my/voorlichtingen/0 #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/voorlichtingen/-1 #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/voorlichtingen/{none} #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/voorlichtingen/{big} #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/voorlichtingen/{huge} #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    # State changes: only the organisation (its contacts, the token) and planners
    # (trainers may read their sessions but not act for the organisation).
    ("POST /my/voorlichtingen/{s1}/confirm",
     "404  303R 404  404  404  404  303R 404  404  404 "),
    ("POST /my/voorlichtingen/{s1}/confirm?access_token={s1.t}",
     "303R 303R 303R 303R 303R 303R 303R 303R 303R 303R"),
    ("POST /my/voorlichtingen/{s1}/confirm?access_token=wrong",
     "404  303R 404  404  404  404  303R 404  404  404 "),
    ("POST /my/voorlichtingen/{s2}/confirm",
     "404  404  404  404  404  404  303R 404  404  404 "),
    ("POST /my/voorlichtingen/{s2}/confirm?access_token={s1.t}",
     "404  404  404  404  404  404  303R 404  404  404 "),
    ("POST /my/voorlichtingen/{sd}/confirm?access_token={sd.t}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/voorlichtingen/0/confirm #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/voorlichtingen/{huge}/confirm #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/voorlichtingen/{s1}/cancel?reason=Forged",
     "404  303R 404  404  404  404  303R 404  404  404 "),
    ("POST /my/voorlichtingen/{s1}/cancel?reason=Forged&access_token=",
     "404  303R 404  404  404  404  303R 404  404  404 "),
    ("POST /my/voorlichtingen/{s2}/cancel?reason=Forged&access_token={s1.t}",
     "404  404  404  404  404  404  303R 404  404  404 "),
    ("POST /my/voorlichtingen/{sd}/cancel?reason=Forged&access_token={sd.t}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/voorlichtingen/{none}/cancel?reason=Forged #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/voorlichtingen/-1/cancel?reason=Forged #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/voorlichtingen/{big}/cancel?reason=Forged #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/voorlichtingen/{s1}/evaluate?rating=5&participants=20",
     "404  200  404  404  404  404  200  404  404  404 "),
    ("POST /my/voorlichtingen/{s2}/evaluate?rating=5&participants=20",
     "404  404  404  404  404  404  200  404  404  404 "),
    ("POST /my/voorlichtingen/{s2}/evaluate?rating=5&access_token={s1.t}",
     "404  404  404  404  404  404  200  404  404  404 "),
    ("POST /my/voorlichtingen/{huge}/evaluate?rating=5 #s1",
     "404  404  404  404  404  404  404  404  404  404 "),
    # -- /my/voorlichtingen/aanbod: slot offers, chosen by the organisation
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/my/voorlichtingen/aanbod/{o1}",
     "404  200  404  404  404  404  200  404  404  404 "),
    ("/my/voorlichtingen/aanbod/{o1}?access_token={o1.t}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("/my/voorlichtingen/aanbod/{o1}?access_token=wrong",
     "404  200  404  404  404  404  200  404  404  404 "),
    ("/my/voorlichtingen/aanbod/{o2}",
     "404  404  404  404  404  404  200  404  404  404 "),
    ("/my/voorlichtingen/aanbod/{o2}?access_token={o1.t}",
     "404  404  404  404  404  404  200  404  404  404 "),
    ("/my/voorlichtingen/aanbod/{od}?access_token={od.t}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/voorlichtingen/aanbod/-1 #o1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/my/voorlichtingen/aanbod/{huge} #o1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/voorlichtingen/aanbod/{o1}/kiezen?slot_id={o1s}",
     "404  303R 404  404  404  404  303R 404  404  404 "),
    ("POST /my/voorlichtingen/aanbod/{o1}/kiezen?slot_id={o1s}&access_token={o1.t}",
     "303R 303R 303R 303R 303R 303R 303R 303R 303R 303R"),
    ("POST /my/voorlichtingen/aanbod/{o2}/kiezen?slot_id={o2s}&access_token={o1.t}",
     "404  404  404  404  404  404  303R 404  404  404 "),
    ("POST /my/voorlichtingen/aanbod/{o1}/kiezen?slot_id={o2s}&access_token={o1.t} #o2",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("POST /my/voorlichtingen/aanbod/{od}/kiezen?slot_id={ods}&access_token={od.t}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /my/voorlichtingen/aanbod/{huge}/kiezen?slot_id=1 #o1",
     "404  404  404  404  404  404  404  404  404  404 "),
    # -- /web/content, /web/image: files and fields -----------------------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/web/content/{a1}",
     "404  404  404  404  404  404  404  404  200  200 "),
    ("/web/content/{a1m}",
     "404  404  404  404  404  404  404  404  200  200 "),
    ("/web/content/{a1m}?access_token={a1m.t}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("/web/content/{a1m}?access_token=wrong",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content/{a1}?access_token={a1m.t}&download=true",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content/{a1n}",
     "404  404  404  404  404  404  404  404  200  200 "),
    ("/web/content/{a2m}",
     "404  404  404  404  404  404  404  200  404  200 "),
    ("/web/content/{a2m}?access_token={a1m.t}",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content/0 #a1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content/-1 #a1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content/{none} #a1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content/{big} #a1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content/{huge} #a1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content?model=ir.attachment&id={a1}&field=raw",
     "404  404  404  404  404  404  404  404  200  200 "),
    ("/web/content?model=ir.attachment&id=-1&field=raw #a1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content?model=helpdesk.ticket&id={r1}&field=name",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content?model=helpdesk.ticket&id={r2}&field=description",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content?model=helpdesk.ticket&id={huge}&field=name #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content?model=helpdesk.ticket&id=-1&field=name #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content/helpdesk.ticket/{r1}/name",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content?model=mdd.complainant&id={c1}&field=name",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content?model=mdd.education.session&id={s2}&field=location",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/content?model=mdd.education.request&id={q1}&field=name",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/image/{img}",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/{img}?access_token=wrong",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/web/image?model=ir.attachment&id={img}&field=raw",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/{huge} #img",
     "404  404  404  404  404  404  404  404  404  404 "),
    # The other forms of the same two routes (mdd_meldpunt makes them
    # read/write for logged-in users, to log staff downloads).
    ("/web/content/{a1}/a1.txt",
     "404  404  404  404  404  404  404  404  200  200 "),
    ("/web/content/ir.attachment/{a1}/raw/a1.txt",
     "404  404  404  404  404  404  404  404  200  200 "),
    ("/web/content/{a2m}/a2m.txt",
     "404  404  404  404  404  404  404  200  404  200 "),
    ("/web/content/web.image_placeholder #a1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/web/content/web.image_placeholder/a1.txt #a1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/web/image/{img}/img.png",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/{img}/16x16",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/{img}/16x16/img.png",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/{img}-1a2b3c",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/{img}-1a2b3c/img.png",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/{img}-1a2b3c/16x16",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/{img}-1a2b3c/16x16/img.png",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/ir.attachment/{img}/raw",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/ir.attachment/{img}/raw/img.png",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/ir.attachment/{img}/raw/16x16",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/ir.attachment/{img}/raw/16x16/img.png",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("/web/image/web.image_placeholder #img",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/web/image/web.image_placeholder/img.png #img",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/web/image/web.image_placeholder/16x16 #img",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("/web/image/web.image_placeholder/16x16/img.png #img",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    # -- mdd_base: the TOTP setup step and the switched-off text generation -
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/web/login/totp/setup #r1",
     "303L 303  303  303  303  303  303  303  303  303 "),
    ("RPC /html_editor/generate_text prompt=x&conversation_history=[] #r1",
     "303L ERR  ERR  ERR  ERR  ERR  ERR  ERR  ERR  ERR "),
    ("RPC /web_editor/generate_text prompt=x&conversation_history=[] #r1",
     "303L ERR  ERR  ERR  ERR  ERR  ERR  ERR  ERR  ERR "),
    # -- mdd_base: the database manager, off as in config/odoo.conf --------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("/web/database/selector #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/web/database/manager #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /web/database/create?master_pwd=admin&name=x&lang=en_US&password=x #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /web/database/duplicate?master_pwd=admin&name=x&new_name=y #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /web/database/drop?master_pwd=admin&name=x #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /web/database/backup?master_pwd=admin&name=x #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /web/database/restore?master_pwd=admin&name=x #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("POST /web/database/change_password?master_pwd=admin&master_pwd_new=x #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("RPC /web/database/list #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    # -- Portal chatter and the mail thread routes ------------------------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("RPC /mail/chatter_fetch thread_model=helpdesk.ticket&thread_id={r1}",
     "200- 200  200- 200- 200- 200- 200- 200- 200  200 "),
    ("RPC /mail/chatter_fetch thread_model=helpdesk.ticket&thread_id={r1}&token={r1.t}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("RPC /mail/chatter_fetch thread_model=helpdesk.ticket&thread_id={r1}&token=wrong",
     "403  200  403  403  403  403  403  403  200  200 "),
    ("RPC /mail/chatter_fetch thread_model=helpdesk.ticket&thread_id={r2}",
     "200- 200- 200- 200- 200- 200- 200- 200  200- 200 "),
    ("RPC /mail/chatter_fetch thread_model=helpdesk.ticket&thread_id={r2}&token={r1.t}",
     "403  403  403  403  403  403  403  200  403  200 "),
    ("RPC /mail/chatter_fetch thread_model=helpdesk.ticket&thread_id={huge} #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /mail/chatter_fetch thread_model=helpdesk.ticket&thread_id=-1 #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /mail/chatter_fetch thread_model=helpdesk.ticket&thread_id={huge}&token= #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /mail/chatter_fetch thread_model=mdd.education.session&thread_id={s1}",
     "200- 200  200- 200- 200- 200  200  200- 200- 200-"),
    ("RPC /mail/chatter_fetch thread_model=mdd.education.session&thread_id={s2}&token={s1.t}",
     "403  403  403  403  403  403  200  403  403  403 "),
    ("RPC /mail/chatter_fetch thread_model=mdd.complainant&thread_id={c1}",
     "200- 200- 200- 200- 200- 200- 200- 200- 200  200 "),
    ("RPC /mail/chatter_fetch thread_model=mdd.education.request&thread_id={q1}",
     "200- 200- 200- 200- 200- 200- 200  200- 200- 200-"),
    ("RPC /mail/message/post thread_model=helpdesk.ticket&thread_id={r1}",
     "404  200  404  404  404  404  404  404  200  200 "),
    ("RPC /mail/message/post thread_model=helpdesk.ticket&thread_id={r1}&token={r1.t}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("RPC /mail/message/post thread_model=helpdesk.ticket&thread_id={r1}&token=wrong",
     "404  200  404  404  404  404  404  404  200  200 "),
    ("RPC /mail/message/post thread_model=helpdesk.ticket&thread_id={r2}&token={r1.t}",
     "404  404  404  404  404  404  404  200  404  200 "),
    ("RPC /mail/message/post thread_model=helpdesk.ticket&thread_id={r1}"
     "&pid={r1.pid}&hash={r1.h}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("RPC /mail/message/post thread_model=helpdesk.ticket&thread_id={r2}"
     "&pid={r1.pid}&hash={r1.h}",
     "404  404  404  404  404  404  404  200  404  200 "),
    ("RPC /mail/message/post thread_model=helpdesk.ticket&thread_id={r1}"
     "&pid={r1.pid}&hash=wrong",
     "404  200  404  404  404  404  404  404  200  200 "),
    ("RPC /mail/message/post thread_model=helpdesk.ticket&thread_id={huge} #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("RPC /mail/message/post thread_model=helpdesk.ticket&thread_id=0 #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("RPC /mail/message/post thread_model=mdd.education.session&thread_id={s1}",
     "404  200  404  404  404  200  200  404  404  404 "),
    ("RPC /mail/message/post thread_model=mdd.education.session&thread_id={s2}&token={s1.t}",
     "404  404  404  404  404  404  200  404  404  404 "),
    ("RPC /mail/message/post thread_model=mdd.complainant&thread_id={c1}",
     "404  404  404  404  404  404  404  404  200  200 "),
    ("RPC /mail/message/post thread_model=mdd.education.request&thread_id={q1}",
     "404  404  404  404  404  404  200  404  404  404 "),
    ("RPC /mail/thread/data thread_model=helpdesk.ticket&thread_id={r1}",
     "200- 200  200- 200- 200- 200- 200- 200- 200  200 "),
    ("RPC /mail/thread/data thread_model=helpdesk.ticket&thread_id={r1}&token={r1.t}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("RPC /mail/thread/data thread_model=helpdesk.ticket&thread_id={r2}",
     "200- 200- 200- 200- 200- 200- 200- 200  200- 200 "),
    ("RPC /mail/thread/data thread_model=helpdesk.ticket&thread_id={huge} #r1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /mail/thread/data thread_model=mdd.education.session&thread_id={s1}&token={s1.t}",
     "200- 403  200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /mail/thread/data thread_model=mdd.education.session&thread_id={s2}",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /mail/thread/data thread_model=mdd.complainant&thread_id={c2}",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /mail/thread/messages thread_model=helpdesk.ticket&thread_id={r1}",
     "303L 200  200- 200- 200- 200- 200- 200- 200  200 "),
    ("RPC /mail/thread/messages thread_model=helpdesk.ticket&thread_id={r2}",
     "303L 200- 200- 200- 200- 200- 200- 200  200- 200 "),
    ("RPC /mail/thread/messages thread_model=helpdesk.ticket&thread_id={huge} #r1",
     "303L 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /mail/thread/messages thread_model=mdd.education.session&thread_id={s2}",
     "303L 200- 200- 200- 200- 200- 200  200- 200- 200-"),
    ("FILE /mail/attachment/upload?thread_model=helpdesk.ticket&thread_id={r1}",
     "404  200  404  404  404  404  404  404  200  200 "),
    ("FILE /mail/attachment/upload?thread_model=helpdesk.ticket&thread_id={r2}",
     "404  404  404  404  404  404  404  200  404  200 "),
    ("FILE /mail/attachment/upload?thread_model=helpdesk.ticket&thread_id={huge} #r1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("FILE /mail/attachment/upload?thread_model=mdd.education.session&thread_id={s2}",
     "404  404  404  404  404  404  200  404  404  404 "),
    ("RPC /mail/attachment/delete attachment_id={a1m}",
     "404  404  404  404  403  403  403  403  200  200 "),
    ("RPC /mail/attachment/delete attachment_id={a1}&access_token={a1m.t}",
     "404  404  404  404  403  403  403  403  200  200 "),
    ("RPC /mail/attachment/delete attachment_id={a2m}",
     "404  404  404  404  403  403  403  200  403  200 "),
    ("RPC /mail/attachment/delete attachment_id={huge} #a1",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /mail/message/update_content message_id={m1}",
     "404  404  404  404  404  404  404  404  200  404 "),
    ("RPC /mail/message/update_content message_id={m1n}",
     "404  404  404  404  404  404  404  404  200  404 "),
    ("RPC /mail/message/update_content message_id={huge} #m1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("RPC /mail/message/reaction message_id={m1}",
     "404  200  404  404  404  404  404  404  200  200 "),
    ("RPC /mail/message/reaction message_id={m2}&token={r1.t}",
     "404  404  404  404  404  404  404  200  404  200 "),
    ("POST /mail/attachment/zip?file_ids={a1},{a1n}&zip_name=forged.zip",
     "403  403  403  403  403  403  403  403  200  200 "),
    ("POST /mail/attachment/zip?file_ids={a2m}&zip_name=forged.zip",
     "403  403  403  403  403  403  403  200  403  200 "),
    ("/mail/view?model=helpdesk.ticket&res_id={r1}",
     "303L 303R 303  303  303  303  303  303  303  303 "),
    ("/mail/view?model=helpdesk.ticket&res_id={r1}&access_token={r1.t}",
     "303R 303R 303R 303R 303R 303R 303R 303R 303  303 "),
    ("/mail/view?model=helpdesk.ticket&res_id={r2}&access_token={r1.t}",
     "303L 303  303  303  303  303  303  303  303  303 "),
    ("/mail/view?model=helpdesk.ticket&res_id={huge} #r1",
     "303L 303  303  303  303  303  303  303  303  303 "),
    ("/mail/view?model=mdd.education.session&res_id={s2}",
     "303L 303  303  303  303  303  303  303  303  303 "),
    ("/mail/message/{m1}",
     "303L 303R 404  404  404  404  404  404  303  303 "),
    ("/mail/message/{m1n}",
     "303L 404  404  404  404  404  404  404  303  303 "),
    ("/mail/message/{big} #m1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/mail/message/{huge} #m1",
     "404  404  404  404  404  404  404  404  404  404 "),
    ("/mail/unfollow?model=helpdesk.ticket&res_id={r1}&pid={r1.pid}&token=wrong",
     "403  403  403  403  403  403  403  403  403  403 "),
    ("/mail/avatar/mail.message/{m1}/author_avatar/50x50?access_token=wrong",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /portal/chatter_init thread_model=helpdesk.ticket&thread_id={r2}",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /portal/chatter_init thread_model=helpdesk.ticket&thread_id={r1}&token={r1.t}",
     "200- 200- 200- 200- 200- 200- 200- 200- 200- 200-"),
    ("RPC /portal/attachment/remove attachment_id={a1n}",
     "ERR  ERR  ERR  ERR  ERR  ERR  ERR  ERR  200  200 "),
    ("RPC /portal/attachment/remove attachment_id={a1n}&access_token={a1m.t}",
     "ERR  ERR  ERR  ERR  ERR  ERR  ERR  ERR  200  200 "),
    ("RPC /portal/attachment/remove attachment_id={a1m}&access_token={a1m.t}",
     "200  200  200  200  200  200  200  200  200  200 "),
    ("RPC /portal/attachment/remove attachment_id={huge} #a1",
     "ERR  ERR  ERR  ERR  ERR  ERR  ERR  ERR  ERR  ERR "),
    # -- The ORM over JSON-RPC (agrees with test_access_matrix) -----------
    # publ ownr poth muni intn trnr plnr hoth hndl coor
    ("RPC /web/dataset/call_kw model=helpdesk.ticket&method=read&args=[[{r1}]]",
     "303L 200  403  403  403  403  403  403  200  200 "),
    ("RPC /web/dataset/call_kw model=helpdesk.ticket&method=read&args=[[{r2}]]",
     "303L 403  403  403  403  403  403  200  403  200 "),
    ("RPC /web/dataset/call_kw model=mdd.complainant&method=read&args=[[{c1}]]",
     "303L 403  403  403  403  403  403  403  200  200 "),
    ("RPC /web/dataset/call_kw model=mdd.education.session&method=read&args=[[{s2}]]",
     "303L 403  403  403  403  403  200  403  403  403 "),
    ("RPC /web/dataset/call_kw model=ir.attachment&method=read&args=[[{a1n}]]",
     "303L 403  403  403  403  403  403  403  200  200 "),
)
# fmt: on


@tagged("post_install", "-at_install", "mdd_access")
class TestAccessRoutes(BridgeCommon, HttpCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # As in production (config/odoo.conf): no database manager.
        cls.startClassPatcher(patch.dict(config.options, {"list_db": False}))
        cls._setup_voorlichting()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.emmen = cls.env.ref("mdd_base.municipality_gm0114")
        cls._setup_access_users("ar")
        # Sessions and a request first: once the owner is a complainant,
        # their contact is hidden from everyone outside MDD.
        cls._setup_sessions()
        cls._setup_reports()
        cls._setup_publications()
        cls._setup_markers()
        cls.env.flush_all()

    @classmethod
    def _setup_sessions(cls):
        env = cls.env
        org_c = env["res.partner"].create({"name": "Reigerschool Emmen", "is_company": True})
        contact_c = env["res.partner"].create(
            {"name": "Rita Reiger", "email": "rita@reigerschool.example.nl", "parent_id": org_c.id}
        )
        s1 = cls._create_session(state="planned", location="Zwaluwstraat 1, Assen")
        s2 = cls._create_session(
            state="planned",
            partner_id=org_c.id,
            contact_id=contact_c.id,
            municipality_id=cls.emmen.id,
            location="Reigerlaan 2, Emmen",
            trainer_ids=[fields.Command.set(cls.trainer_2.ids)],
        )
        sd = cls._create_session(start=local(2031, 3, 11, 9, 0), location="Kwikstaartlaan 3")
        for session, body in ((s1, "Zwaluwsessiebericht"), (s2, "Reigersessiebericht")):
            session.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_comment")
        for session in s1 | s2 | sd:
            session._portal_ensure_token()
        q1 = env["mdd.education.request"].create(
            {
                "partner_id": cls.org_a.id,
                "contact_id": cls.contact_a.id,
                "municipality_id": cls.assen.id,
                "workshop_id": cls.workshop.id,
                "remarks": "Meeuwaanvraag",
                "window_ids": [
                    fields.Command.create(
                        {
                            "date_from": fields.Date.today() + timedelta(days=60),
                            "date_to": fields.Date.today() + timedelta(days=90),
                        }
                    )
                ],
            }
        )
        q1.message_post(
            body="Meeuwaanvraagbericht", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        # The participants' link of s1 and s2, and the trainer's calendar feed.
        (s1 | s2).with_user(cls.planner).action_print_attendance_sheet()
        f1 = env["mdd.trainer.calendar.feed"].create({"user_id": cls.trainer.id})
        cls.records = {"s1": s1, "s2": s2, "sd": sd, "q1": q1, "f1": f1}
        cls._setup_offers(org_c, contact_c)

    @classmethod
    def _setup_offers(cls, org_c, contact_c):
        """o1 a slot offer sent to the owner's organisation (o1s its first
        time), o2 one sent to another organisation, od a draft of the owner's."""
        env = cls.env
        q2 = env["mdd.education.request"].create(
            {
                "partner_id": org_c.id,
                "contact_id": contact_c.id,
                "municipality_id": cls.emmen.id,
                "workshop_id": cls.workshop.id,
            }
        )

        def offer(request, trainer, place, day):
            return env["mdd.education.offer"].create(
                {
                    "request_id": request.id,
                    "slot_ids": [
                        fields.Command.create(
                            {
                                "start": local(2031, 4, day + index, 9, 0),
                                "location": place,
                                "trainer_ids": [fields.Command.set(trainer.ids)],
                            }
                        )
                        for index in range(2)
                    ],
                }
            )

        o1 = offer(cls.records["q1"], cls.trainer, "Uilenlaan 4, Assen", 1)
        o2 = offer(q2, cls.trainer_2, "Reigerpad 5, Emmen", 8)
        od = offer(cls.records["q1"], cls.trainer, "Valkweg 6, Assen", 15)
        (o1 | o2).action_send()
        od._portal_ensure_token()
        cls.records.update(
            o1=o1, o2=o2, od=od, o1s=o1.slot_ids[0], o2s=o2.slot_ids[0], ods=od.slot_ids[0]
        )

    @classmethod
    def _setup_reports(cls):
        """The owner's report (MDD) and an anonymous person's report (Emmen),
        each with a public reply and an internal note, both with a file."""
        env = cls.env
        Ticket = env["helpdesk.ticket"].with_context(mdd_report=True)
        Attachment = env["ir.attachment"]
        records = cls.records
        stage_closed = env.ref("mdd_meldpunt.stage_closed")
        stage_closed.close_from_portal = True
        cls.codes = {}
        cls.values = {
            "tm": cls.team_mdd.id,
            "te": cls.team_emmen.id,
            "stc": stage_closed.id,
            "assen": cls.assen.id,
            "meppel": cls.meppel.id,
            "year": fields.Date.today().year,
            **FORGED,
        }
        for key, bird, team, municipality, handler, partner in (
            ("1", "Zwaluw", cls.team_mdd, cls.assen, "handler", cls.portal_a.partner_id),
            ("2", "Reiger", cls.team_emmen, cls.emmen, "handler_other", None),
        ):
            complainant = env["mdd.complainant"].create(
                {
                    "name": f"{bird}klager",
                    "email": False if partner else f"{bird.lower()}@example.org",
                    "age_group": "30_44",
                    "residence_municipality_id": municipality.id,
                    "partner_id": partner.id if partner else False,
                }
            )
            complainant.message_post(
                body=f"{bird}klagerbericht", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            report = Ticket.create(
                {
                    "name": f"{bird}melding",
                    "description": f"<p>{bird}omschrijving</p>",
                    "team_id": team.id,
                    "complainant_id": complainant.id,
                    "incident_date": fields.Date.today(),
                    "incident_municipality_id": municipality.id,
                }
            )
            prefix = bird.lower()

            def attach(name, raw, report=report):
                return Attachment.create(
                    {"name": name, "raw": raw, "res_model": report._name, "res_id": report.id}
                )

            files = {
                "": attach(f"{prefix}-intern.txt", f"{bird.upper()}-INTERN".encode()),
                "m": attach(f"{prefix}-bijlage.txt", f"{bird.upper()}-BIJLAGE".encode()),
                "n": attach(f"{prefix}-notitie.txt", f"{bird.upper()}-NOTITIEBIJLAGE".encode()),
            }
            files["m"].generate_access_token()
            messages = {}
            # Written by a handler of the report's own bureau.
            for suffix, body, subtype in (
                ("", f"{bird}bericht", "mail.mt_comment"),
                ("n", f"{bird}notitie", "mail.mt_note"),
            ):
                messages[suffix] = report.message_post(
                    body=body,
                    message_type="comment",
                    subtype_xmlid=subtype,
                    author_id=cls.users[handler].partner_id.id,
                    attachment_ids=files[suffix or "m"].ids,
                )
            report._portal_ensure_token()
            code = Ticket._mdd_new_receipt_code()
            report.sudo().mdd_receipt_hash = Ticket._mdd_hash_receipt_code(code)
            cls.codes[report.id] = code
            records.update(
                {
                    f"r{key}": report,
                    f"c{key}": complainant,
                    f"m{key}": messages[""],
                    f"m{key}n": messages["n"],
                    **{f"a{key}{suffix}": files[suffix] for suffix in files},
                }
            )
        records["img"] = Attachment.create(
            {
                "name": "zwaluw.png",
                "raw": PNG,
                "res_model": "helpdesk.ticket",
                "res_id": records["r1"].id,
            }
        )

    @classmethod
    def _setup_publications(cls):
        """Published figures of this year of Assen and Meppel, a draft of Assen."""
        Publication = cls.env["mdd.wga.publication"]
        year = fields.Date.today().year
        published = Publication.create(
            [
                {"municipality_id": cls.assen.id, "year": year},
                {"municipality_id": cls.meppel.id, "year": year},
            ]
        )
        published.action_publish()
        # (Two years back: a demo database has last year published.)
        draft = Publication.create({"municipality_id": cls.assen.id, "year": year - 2})
        cls.records.update({"pa": published[0], "pm": published[1], "pd": draft})

    @classmethod
    def _setup_markers(cls):
        """What counts as the data of each record (the markers of a leak)."""
        r = cls.records

        def data(bird):
            return [f"{bird}melding", f"{bird}omschrijving", f"{bird}bericht", f"{bird}klager"]

        def files(bird, *kinds):
            return [
                text
                for kind in kinds
                for text in (f"{bird.upper()}-{kind.upper()}", f"{bird}-{kind}")
            ]

        notes = ["Zwaluwnotitie", *files("zwaluw", "notitie")]
        other_notes = ["Reigernotitie", *files("reiger", "notitie")]
        markers = {
            "r1": [r["r1"].number, *data("Zwaluw"), *notes, *files("zwaluw", "intern", "bijlage")],
            "r2": [
                r["r2"].number,
                *data("Reiger"),
                *other_notes,
                *files("reiger", "intern", "bijlage"),
            ],
            "c1": ["Zwaluwklager"],
            "c2": ["Reigerklager"],
            "m1": ["Zwaluwbericht", *files("zwaluw", "bijlage")],
            "m1n": notes,
            "m2": ["Reigerbericht", *files("reiger", "bijlage")],
            "a1": files("zwaluw", "intern"),
            "a1m": files("zwaluw", "bijlage"),
            "a1n": files("zwaluw", "notitie"),
            "a2m": files("reiger", "bijlage"),
            "img": [PNG],
            "s1": ["Zwaluwstraat", "Zwaluwsessiebericht", "Testschool Assen", r["s1"].name],
            "s2": ["Reigerlaan", "Reigersessiebericht", "Reigerschool", r["s2"].name],
            "sd": ["Kwikstaartlaan", r["sd"].name],
            "q1": ["Meeuwaanvraag", r["q1"].name],
            "o1": ["Uilenlaan"],
            "o2": ["Reigerpad"],
            "od": ["Valkweg"],
            "fig": [text % {"code": "GM0106", "name": "Assen"} for text in FIGURES],
            "figm": [text % {"code": "GM0119", "name": "Meppel"} for text in FIGURES],
        }
        # Without the number: some forms echo the number typed in.
        markers["r1x"] = markers["r1"][1:]
        markers["r2x"] = markers["r2"][1:]
        cls.markers = {
            key: [m if isinstance(m, bytes) else str(m).encode() for m in values if m]
            for key, values in markers.items()
        }
        # Never, whatever the route or token: the internal notes of a report
        # and their files outside the staff of the report's bureau.
        notes = [m.encode() for m in notes]
        other_notes = [m.encode() for m in other_notes]
        cls.never = dict.fromkeys(USERS, notes + other_notes)
        cls.never.update(handler_other=notes, handler=other_notes, coordinator=[])

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------

    def _login(self, login):
        """Log in as ``login`` (a fresh session); returns its CSRF token."""
        user = self.users[login]
        if login == "public":
            self.authenticate(None, None)
        else:
            self.authenticate(user.login, user.login)
        # The site in its default language (Dutch, no /en/ redirect).
        self.opener.cookies.set("frontend_lang", "nl_NL")
        response = self.url_open("/voorlichting")
        self.assertEqual(response.status_code, 200, login)
        return CSRF.search(response.text).group(1)

    def _value(self, match):
        """The value of a placeholder (see the module docstring)."""
        key, attribute = match.group(1), match.group(2)
        if key == "nonce":
            return match.group(0)  # fetched by _send
        if key in self.values:
            return str(self.values[key])
        record = self.records[key].sudo()
        partner_id = record._name == "helpdesk.ticket" and record.complainant_id.partner_id.id
        value = {
            None: lambda: record.id,
            "t": lambda: record.access_token or "",
            "n": lambda: record.number,
            "c": lambda: self.codes[record.id],
            "pid": lambda: partner_id,
            "h": lambda: record._sign_token(partner_id),
            "k": lambda: (
                record.token
                if record._name == "mdd.trainer.calendar.feed"
                else record.participant_survey_token
            ),
        }[attribute]()
        return str(value)

    def _parse(self, case):
        """``(state, method, url, data key)`` of a request of ROUTE_CASES."""
        state = None
        if case.startswith("["):
            state, case = case[1:].split("] ", 1)
        data = None
        if " #" in case:
            case, data = case.rsplit(" #", 1)
        method = "GET"
        if case.split(" ", 1)[0] in ("POST", "FILE", "RPC"):
            method, case = case.split(" ", 1)
        if method == "RPC":
            route, _sep, query = case.partition(" ")
            case = f"{route}?{query}"
        if data is None:
            data = PLACEHOLDER.search(case).group(1)
        return state, method, PLACEHOLDER.sub(self._value, case), data

    def _open_status(self, state, csrf):
        """Close the status page session, then open it for report ``state``."""
        self.url_open("/melden/status/sluiten", data={"csrf_token": csrf}, allow_redirects=False)
        if state != "-":
            report = self.records[state]
            self.env["mdd.throttle"].sudo().search([]).unlink()
            response = self.url_open(
                "/melden/status",
                data={
                    "csrf_token": csrf,
                    "number": report.number,
                    "receipt_code": self.codes[report.id],
                },
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 303, f"status page of {state} not opened")

    def _send(self, method, url, csrf):
        path, _sep, query = url.partition("?")
        params = dict(parse_qsl(query, keep_blank_values=True))
        if params.get("form_nonce") == "{nonce}":
            page = self.url_open(path)
            params["form_nonce"] = NONCE.search(page.text).group(1)
        if method == "GET":
            return self.url_open(url, allow_redirects=False, timeout=60)
        if method in ("POST", "FILE"):
            files = {"ufile": ("forged.txt", b"forged", "text/plain")} if method == "FILE" else None
            return self.url_open(
                path,
                data={**params, "csrf_token": csrf},
                files=files,
                allow_redirects=False,
                timeout=60,
            )
        rpc = dict(RPC_DEFAULTS.get(path, {}))
        for key, value in params.items():
            try:
                rpc[key] = json.loads(value)
            except ValueError:
                rpc[key] = value
        payload = {"id": 0, "jsonrpc": "2.0", "method": "call", "params": rpc}
        return self.url_open(
            path,
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
            allow_redirects=False,
            timeout=60,
        )

    def _snapshot(self):
        """What a forged request could change (read with SQL, not the ORM)."""
        records = self.records
        ids = {
            "tickets": [records["r1"].id, records["r2"].id],
            "sessions": [records[key].id for key in ("s1", "s2", "sd")],
            "complainants": [records["c1"].id, records["c2"].id],
            "requests": [records["q1"].id],
            "offers": [records[key].id for key in ("o1", "o2", "od")],
        }
        self.env.flush_all()
        self.env.cr.execute(SNAPSHOT_QUERY, ids)
        return self.env.cr.fetchone()

    @staticmethod
    def _access_url(record):
        """The portal page of a record (of its document, for a message)."""
        record = record.sudo()
        if record._name == "mail.message":
            record = record.env[record.model].browse(record.res_id)
        return "access_url" in record._fields and record.access_url

    @staticmethod
    def _rpc_error(response):
        """The outcome of a JSON-RPC error, or None when there is none."""
        if "json" not in response.headers.get("Content-Type", ""):
            return None
        error = response.json().get("error")
        if not error:
            return None
        name = error.get("data", {}).get("name", "")
        if error.get("code") == 404 or "NotFound" in name or "MissingError" in name:
            return "404"
        for part, outcome in RPC_ERRORS:
            if part in name:
                return outcome
        return f"500 ({name})"

    def _classify(self, response, method, record, shown):
        """The outcome of a response (see the legend)."""
        status = response.status_code
        if 300 <= status < 400:
            location = urlsplit(response.headers.get("Location", "")).path
            if location.startswith("/web/login"):
                return "303L"
            return "303R" if location and location == self._access_url(record) else "303"
        if status != 200:
            return str(status)
        outcome = method == "RPC" and self._rpc_error(response)
        if outcome == "ERR" and shown:
            return "200"  # a user error that tells the record's data
        return outcome or ("200" if shown else "200-")

    def _try(self, login, case, csrf):
        """``(outcome, problems)`` of one request, rolled back afterwards."""
        state, method, url, data = self._parse(case)
        if state:
            self._open_status(state, csrf)
        record = self.records.get(data.rstrip("x"), self.env["res.partner"])
        savepoint = self.env.cr.savepoint(flush=False)
        try:
            before = self._snapshot()
            response = self._send(method, url, csrf)
            changed = self._snapshot() != before
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        content = response.content + response.headers.get("Content-Disposition", "").encode()
        shown = [m for m in self.markers[data] if m in content]
        outcome = self._classify(response, method, record, shown or changed)
        problems = []
        if outcome not in GRANTED:
            if shown:
                problems.append(f"{case} as {login}: refused ({outcome}) but shows {shown}")
            if changed:
                problems.append(f"{case} as {login}: refused ({outcome}) but changed data")
        leaked = [m for m in self.never[login] if m in content]
        if leaked:
            problems.append(f"{case} as {login}: never allowed, shows {leaked}")
        return outcome, problems

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_every_route_has_a_row(self):
        """A new route of the add-ons without a row in ROUTE_CASES fails."""
        adapter = self.env["ir.http"].routing_map().bind("localhost")
        routes = {rule.rule for rule in adapter.map.iter_rules() if _own_route(rule)}
        self.assertIn("/my/meldingen/<int:report_id>", routes)
        self.assertIn("/my/ticket/<int:ticket_id>", routes)
        covered = set()
        for case, _expected in ROUTE_CASES:
            _state, method, url, _data = self._parse(case)
            try:
                rule, _args = adapter.match(
                    url.partition("?")[0],
                    method="GET" if method == "GET" else "POST",
                    return_rule=True,
                )
            except HTTPException:
                continue
            covered.add(rule.rule)
        self.assertEqual(sorted(routes - covered), [])

    def test_forged_ids_as_every_user(self):
        """Zero unexpected grants: every outcome as in ROUTE_CASES."""
        for case, expected in ROUTE_CASES:
            self.assertEqual(len(expected.split()), len(USERS), case)
        unexpected = []
        observed = {case: [] for case, _expected in ROUTE_CASES}
        for column, login in enumerate(USERS):
            csrf = self._login(login)
            for case, expected in ROUTE_CASES:
                outcome, problems = self._try(login, case, csrf)
                observed[case].append(outcome)
                wanted = expected.split()[column]
                if outcome != wanted:
                    unexpected.append(f"{case} as {login}: expected {wanted}, got {outcome}")
                unexpected += problems
        if unexpected:
            _logger.info("Unexpected outcomes:\n%s", "\n".join(unexpected))
            # The whole observed table, to compare with ROUTE_CASES.
            _logger.info(
                "Observed outcomes:\n%s",
                "\n".join(
                    f"{case}\n    {' '.join(outcome.ljust(4) for outcome in outcomes)}"
                    for case, outcomes in observed.items()
                ),
            )
        self.assertEqual(unexpected, [])


def _own_route(rule):
    """Whether ``rule`` is a route of the add-ons (or of the OCA helpdesk
    portal): by its prefix, or because an mdd_* module defines its method."""
    if rule.rule.startswith(OWN_PREFIXES):
        return True
    method = getattr(rule.endpoint, "func", None)
    name = getattr(method, "__name__", None)
    return any(
        cls.__module__.startswith("odoo.addons.mdd_") and name in vars(cls)
        for cls in type(getattr(method, "__self__", None)).__mro__
    )
