# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Public report form (/melden) and anonymous follow-up (/melden/status).

No login is needed. Nothing here stores the visitor's address, user agent or
referer: the throttle keeps only a short-lived keyed hash (see mdd.throttle)
and the views are not tracked as website visits. Every page answers with
``Cache-Control: no-store``.
"""

import logging
import time

from psycopg2 import OperationalError
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.mdd_base.tools.abuse_guard import (
    FORM_TOKEN_FIELD,
    HONEYPOT_FIELD,
    PublicFormRefused,
    forget_form_token,
    form_token,
    guard_form_post,
    guard_public_post,
    guard_subject_attempts,
    no_store,
    record_failed_attempt,
)
from odoo.addons.mdd_base.tools.public_input import (
    MAX_FILE_SIZE,
    MAX_FILES,
    PublicFile,
    PublicInputError,
    form_text,
    form_texts,
)
from odoo.http import request

_logger = logging.getLogger(__name__)

# Fields of the report form that hold several values (checkboxes).
FORM_LIST_FIELDS = ("ground_ids", "manifestation_ids")

STATUS_SESSION_KEY = "mdd_status_report"
STATUS_SESSION_SECONDS = 30 * 60

# Throttle scopes and limits. A school class may report from one address
# after a workshop: the limits on sending are per client, generous, and short.
SCOPE_REPORT = "mdd_report"
REPORT_LIMIT = 20
SCOPE_STATUS = "mdd_report_status"
SCOPE_STATUS_REPORT = "mdd_report_status_number"
SCOPE_MESSAGE = "mdd_report_message"


def read_files(field):
    """The files of ``field``, each read up to the size limit (never more)."""
    files = []
    for storage in request.httprequest.files.getlist(field)[: MAX_FILES + 1]:
        if not storage or not storage.filename:
            continue
        data = storage.read(MAX_FILE_SIZE + 1)
        too_large = len(data) > MAX_FILE_SIZE
        files.append(PublicFile(storage.filename, b"" if too_large else data, too_large))
    return files


class MeldpuntPublicReport(http.Controller):
    # ------------------------------------------------------------------
    # /melden
    # ------------------------------------------------------------------

    def _report_form_values(self, params):
        values = form_texts(params)
        for key in FORM_LIST_FIELDS:
            values[key] = request.httprequest.form.getlist(key)
        return values

    def _render_report_form(self, values=None, errors=None, nonce=None):
        Ticket = request.env["helpdesk.ticket"]
        values = values or {}
        user = request.env.user
        if not values and not user._is_public():
            # Logged in: offer the user's own details (they can change them).
            values = {"name": user.partner_id.name or "", "email": user.partner_id.email or ""}
        response = request.render(
            "mdd_meldpunt.report_form",
            {
                "values": values,
                "errors": errors or {},
                "options": Ticket._mdd_public_form_options(),
                "nonce": form_token(SCOPE_REPORT, nonce),
                "honeypot_field": HONEYPOT_FIELD,
            },
        )
        return no_store(response)

    @http.route(
        "/melden",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=True,
    )
    def report_form(self, **params):
        if request.httprequest.method != "POST":
            return self._render_report_form()
        values = self._report_form_values(params)
        try:
            nonce = guard_form_post(SCOPE_REPORT, params, limit=REPORT_LIMIT, window_minutes=10)
        except PublicFormRefused as exc:
            return self._render_report_form(
                values, {"form": str(exc)}, params.get(FORM_TOKEN_FIELD)
            )
        user = request.env.user
        partner = user.partner_id if user.share and not user._is_public() else None
        try:
            report, code = request.env["helpdesk.ticket"]._mdd_create_from_public(
                values,
                read_files("attachments"),
                partner=partner,
                form_token=(SCOPE_REPORT, nonce),
            )
        except PublicInputError as exc:
            return self._render_report_form(values, exc.errors, nonce)
        except OperationalError:
            # A concurrent update (e.g. the same form sent twice at once):
            # Odoo retries the whole request.
            raise
        except Exception:
            _logger.exception("Public report could not be created")
            return self._render_report_form(
                values,
                {
                    "form": request.env._(
                        "Something went wrong while saving your report. Nothing was "
                        "saved. Please try again later, or call us."
                    )
                },
                nonce,
            )
        forget_form_token(SCOPE_REPORT, nonce)
        # The receipt code is shown in this response only: it is in no URL
        # and the page may not be cached, so it cannot be shown again.
        response = request.render(
            "mdd_meldpunt.report_thanks",
            {
                "report": report,
                "receipt_code": code,
                "status_url": request.httprequest.host_url + "melden/status",
                "confirmation_sent": bool(
                    report.complainant_id.email and report.complainant_id.partner_id
                ),
            },
        )
        return no_store(response)

    # ------------------------------------------------------------------
    # /melden/status
    # ------------------------------------------------------------------

    def _status_report(self):
        """The report opened with number and receipt code in this session."""
        entry = request.session.get(STATUS_SESSION_KEY)
        if not isinstance(entry, dict):
            return None
        if entry.get("until", 0) < time.time():
            request.session.pop(STATUS_SESSION_KEY, None)
            return None
        report = request.env["helpdesk.ticket"].sudo().browse(int(entry.get("id") or 0)).exists()
        if not report or not report.is_mdd_report:
            request.session.pop(STATUS_SESSION_KEY, None)
            return None
        request.session[STATUS_SESSION_KEY] = {
            "id": report.id,
            "until": time.time() + STATUS_SESSION_SECONDS,
        }
        return report

    def _render_status_lookup(self, values=None, errors=None, status=200):
        response = request.render(
            "mdd_meldpunt.report_status_lookup",
            {
                "values": values or {},
                "errors": errors or {},
                "honeypot_field": HONEYPOT_FIELD,
            },
            status=status,
        )
        return no_store(response)

    def _render_status(self, report, values=None, errors=None, sent=False):
        lang = request.env.lang
        response = request.render(
            "mdd_meldpunt.report_status",
            {
                "report": report,
                "stage_name": report.stage_id.with_context(lang=lang).name,
                "messages": report._mdd_complainant_messages(),
                "values": values or {},
                "errors": errors or {},
                "sent": sent,
                "options": request.env["helpdesk.ticket"]._mdd_public_form_options(),
                "honeypot_field": HONEYPOT_FIELD,
            },
        )
        return no_store(response)

    def _wrong_pair_error(self):
        return {
            "form": request.env._(
                "The report number or the receipt code is not correct. Please check "
                "both and try again."
            )
        }

    @http.route(
        "/melden/status",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def report_status(self, **params):
        if request.httprequest.method != "POST":
            report = self._status_report()
            if report:
                return self._render_status(report, sent=bool(params.get("sent")))
            return self._render_status_lookup()

        Ticket = request.env["helpdesk.ticket"]
        number = form_text(params, "number")[:32]
        values = {"number": number}
        subject = Ticket._mdd_normalize_number(number) or "-"
        try:
            guard_public_post(SCOPE_STATUS, limit=10, window_minutes=10)
            guard_subject_attempts(SCOPE_STATUS_REPORT, subject, limit=5, window_minutes=60)
        except PublicFormRefused as exc:
            return self._render_status_lookup(values, {"form": str(exc)})
        report = Ticket._mdd_find_by_receipt(number, form_text(params, "receipt_code")[:64])
        if not report:
            record_failed_attempt(SCOPE_STATUS_REPORT, subject)
            return self._render_status_lookup(values, self._wrong_pair_error())
        request.session[STATUS_SESSION_KEY] = {
            "id": report.id,
            "until": time.time() + STATUS_SESSION_SECONDS,
        }
        return no_store(request.redirect("/melden/status", code=303))

    def _status_report_posted(self, params, error):
        """``(report, None)``: the report open in this session, when the
        posted form names it; else ``(None, response)``, the look-up page
        with ``error``. Session ended, or the form names another report than
        the one opened with its receipt code: show nothing of either."""
        report = self._status_report()
        Ticket = request.env["helpdesk.ticket"]
        if report and Ticket._mdd_normalize_number(params.get("number")) == report.number:
            return report, None
        return None, self._render_status_lookup({}, {"form": error})

    @http.route(
        "/melden/status/bericht",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def report_status_message(self, **params):
        report, refused = self._status_report_posted(
            params,
            request.env._(
                "Please open your report again with its number and receipt "
                "code, then send your message."
            ),
        )
        if refused:
            return refused
        message = form_text(params, "message")
        values = {"message": message[:10000]}
        try:
            guard_public_post(SCOPE_MESSAGE, limit=10, window_minutes=10)
        except PublicFormRefused as exc:
            return self._render_status(report, values, {"form": str(exc)})
        try:
            report._mdd_post_from_complainant(message, read_files("message_attachments"))
        except PublicInputError as exc:
            return self._render_status(report, values, exc.errors)
        except Exception:
            _logger.exception("Complainant message could not be saved")
            return self._render_status(
                report,
                values,
                {
                    "form": request.env._(
                        "Something went wrong. Your message was not sent. Please try again."
                    )
                },
            )
        return no_store(request.redirect("/melden/status?sent=1", code=303))

    @http.route(
        "/melden/status/sluiten",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def report_status_close(self, **params):
        request.session.pop(STATUS_SESSION_KEY, None)
        return no_store(request.redirect("/melden/status", code=303))

    @http.route(
        "/melden/status/bijlage/<int:attachment_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def report_status_attachment(self, attachment_id, **params):
        report = self._status_report()
        if not report:
            raise NotFound()
        attachment = report._mdd_complainant_messages().attachment_ids.filtered(
            lambda a: a.id == attachment_id
        )
        if not attachment:
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(attachment)
        return no_store(stream.get_response(as_attachment=True))
