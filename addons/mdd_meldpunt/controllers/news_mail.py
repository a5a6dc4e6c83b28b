# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""News mails on the complainant's pages: the status page opens with the
report number of the mail filled in, and the complainant can turn the news
mails off on the status page (after opening their report with its receipt
code) or on the portal. Odoo checks the CSRF token of these POST routes."""

from werkzeug.urls import url_encode

from odoo import http
from odoo.addons.mdd_base.tools.abuse_guard import no_store
from odoo.addons.mdd_base.tools.public_input import form_text
from odoo.http import request

from .portal import mdd_report_for_visitor
from .report import MeldpuntPublicReport


class MddNewsMailStatus(MeldpuntPublicReport):
    @http.route()
    def report_status(self, **params):
        """The link of a news mail carries the report number (never the
        receipt code): offer the look-up form with the number filled in,
        unless that very report is open in this session."""
        if request.httprequest.method != "POST" and params.get("number"):
            number = form_text(params, "number")[:32]
            report = self._status_report()
            Ticket = request.env["helpdesk.ticket"]
            if not report or report.number != Ticket._mdd_normalize_number(number):
                return self._render_status_lookup({"number": number})
        return super().report_status(**params)

    @http.route(
        "/melden/status/geen-mail",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def report_status_news_off(self, **params):
        report, refused = self._status_report_posted(
            params,
            request.env._(
                "Please open your report again with its number and receipt "
                "code, then turn the emails off."
            ),
        )
        if refused:
            return refused
        if report._mdd_news_mail_state() == "on":
            report.complainant_id._mdd_turn_off_news_mail("status_page")
        return self._render_status(report)


class MddNewsMailPortal(http.Controller):
    @http.route(
        "/my/meldingen/<int:report_id>/geen-mail",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def portal_report_news_off(self, report_id, access_token=None, **kw):
        """Turn the news mails off: the complainant logged in, or whoever
        may open the report page with its access token."""
        report = mdd_report_for_visitor(report_id, access_token)
        if not report:
            response = request.render(
                "mdd_meldpunt.portal_report_not_found", {"page_name": "mdd_report"}, status=404
            )
            return no_store(response)
        if report._mdd_news_mail_state() == "on":
            report.complainant_id._mdd_turn_off_news_mail("portal")
        url = f"/my/meldingen/{report.id}"
        if access_token:
            url = f"{url}?{url_encode({'access_token': access_token})}"
        return no_store(request.redirect(url, code=303))
