# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complainant's portal (/my/meldingen), and guards on the OCA helpdesk
portal routes so that they never show, create in or close the reports of the
anti-discrimination bureaus for anyone but their complainant."""

import werkzeug
from werkzeug.urls import url_encode

from odoo import http
from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.mdd_base.tools.abuse_guard import no_store
from odoo.addons.mdd_base.tools.public_input import to_int
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq

REPORT_HISTORY_KEY = "my_mdd_reports_history"


def mdd_report_domain(partner):
    """Reports of which ``partner`` is the complainant."""
    return [("is_mdd_report", "=", True), ("mdd_complainant_partner_id", "=", partner.id)]


def mdd_report_for_visitor(report_id, access_token=None):
    """The report (sudo) if the visitor may see it, else None.

    Allowed: the logged-in complainant (the record rules agree), or whoever
    holds the report's portal access token (the link in the confirmation mail).
    """
    report = request.env["helpdesk.ticket"].sudo().browse(report_id).exists()
    if not report or not report.is_mdd_report:
        return None
    if access_token and report.access_token and consteq(report.access_token, access_token):
        return report
    user = request.env.user
    partner = report.complainant_id.partner_id
    if user._is_public() or not partner or partner != user.partner_id:
        return None
    try:
        report.with_user(user).check_access("read")
    except AccessError:
        return None
    return report


class MddCustomerPortal(CustomerPortalHelpdesk):
    # ------------------------------------------------------------------
    # /my/meldingen
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mdd_report_count" in counters:
            Ticket = request.env["helpdesk.ticket"]
            values["mdd_report_count"] = (
                Ticket.search_count(mdd_report_domain(request.env.user.partner_id))
                if Ticket.has_access("read")
                else 0
            )
        return values

    @http.route()
    def attachment_remove(self, attachment_id, access_token=None):
        """Odoo checks here only the rights on attachments, not on the record
        a file belongs to, and names the file when it refuses: any employee
        could learn the file names of reports by trying ids. Refuse first,
        without a name, a file the user may not read and has no token for."""
        attachment = request.env["ir.attachment"].browse(to_int(attachment_id))
        attachment_sudo = attachment.sudo().exists()
        if attachment_sudo and not (
            access_token and consteq(attachment_sudo.access_token or "", access_token)
        ):
            try:
                attachment.check("read")
            except AccessError:
                attachment_sudo = None
        if not attachment_sudo:
            raise UserError(
                request.env._(
                    "The attachment does not exist or you do not have the rights to access it."
                )
            )
        return super().attachment_remove(attachment_id, access_token=access_token)

    @http.route(
        ["/my/meldingen", "/my/meldingen/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        sitemap=False,
    )
    def portal_my_mdd_reports(self, page=1, sortby=None, **kw):
        Ticket = request.env["helpdesk.ticket"]
        values = self._prepare_portal_layout_values()
        searchbar_sortings = {
            "date": {"label": request.env._("Newest"), "order": "create_date desc, id desc"},
            "stage": {"label": request.env._("Status"), "order": "stage_id, create_date desc"},
        }
        if sortby not in searchbar_sortings:
            sortby = "date"
        domain = mdd_report_domain(request.env.user.partner_id)
        # Searched as the user: the record rules apply on top of the domain.
        count = Ticket.search_count(domain) if Ticket.has_access("read") else 0
        pager = portal_pager(
            url="/my/meldingen",
            url_args={"sortby": sortby},
            total=count,
            page=page,
            step=self._items_per_page,
        )
        reports = (
            Ticket.search(
                domain,
                order=searchbar_sortings[sortby]["order"],
                limit=self._items_per_page,
                offset=pager["offset"],
            )
            if count
            else Ticket
        )
        request.session[REPORT_HISTORY_KEY] = reports.ids[:100]
        values.update(
            {
                "reports": reports.sudo(),
                "page_name": "mdd_report",
                "default_url": "/my/meldingen",
                "pager": pager,
                "searchbar_sortings": searchbar_sortings,
                "sortby": sortby,
            }
        )
        return no_store(request.render("mdd_meldpunt.portal_my_reports", values))

    @http.route(
        "/my/meldingen/<int:report_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def portal_my_mdd_report(self, report_id, access_token=None, **kw):
        report = mdd_report_for_visitor(report_id, access_token)
        if not report:
            response = request.render(
                "mdd_meldpunt.portal_report_not_found", {"page_name": "mdd_report"}, status=404
            )
            return no_store(response)
        values = {
            "page_name": "mdd_report",
            "report": report,
            "stage_name": report.stage_id.with_context(lang=request.env.lang).name,
            "user": request.env.user,
        }
        # Only pass the identity of the mail link (pid/hash) when it is valid.
        kw = {key: kw[key] for key in ("pid", "hash") if kw.get(key)}
        values = self._get_page_view_values(
            report, access_token, values, REPORT_HISTORY_KEY, False, **kw
        )
        return no_store(request.render("mdd_meldpunt.portal_my_report", values))

    # ------------------------------------------------------------------
    # OCA helpdesk portal: reports are only shown on /my/meldingen
    # ------------------------------------------------------------------

    @http.route()
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if ticket_sudo.is_mdd_report:
            query = {"access_token": access_token} if access_token else {}
            query.update({key: kw[key] for key in ("pid", "hash") if kw.get(key)})
            url = f"/my/meldingen/{ticket_sudo.id}"
            return request.redirect(f"{url}?{url_encode(query)}" if query else url)
        return super().portal_my_ticket(ticket_id, access_token=access_token, **kw)


class MddHelpdeskTicketController(HelpdeskTicketController):
    """The OCA portal ticket routes, made safe for the bureaus' reports."""

    def _get_teams(self):
        # A bureau is never offered in the generic ticket form.
        return super()._get_teams().filtered(lambda team: not team.is_mdd_bureau)

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        team = request.env["helpdesk.ticket.team"].sudo().browse(vals.get("team_id") or [])
        if team.is_mdd_bureau:
            raise MddTeamRefused()
        return vals

    @http.route()
    def submit_ticket(self, **kw):
        for key in ("team", "category"):
            if kw.get(key) and not str(kw[key]).isdigit():
                kw.pop(key)
        team = request.env["helpdesk.ticket.team"].sudo().browse(to_int(kw.get("team")))
        if team.exists() and team.is_mdd_bureau:
            # Also when the bureau is not offered: never a ticket without team
            # made of a report that was meant for a bureau.
            return request.redirect("/melden")
        try:
            return super().submit_ticket(**kw)
        except MddTeamRefused:
            # Discrimination is reported on the dedicated public form.
            return request.redirect("/melden")

    @http.route()
    def support_ticket_close(self, **kw):
        """Close a ticket from the portal, only the user's own ticket.

        The OCA route looks the ticket up as superuser: anyone logged in could
        close any ticket. Here the ticket must be readable by the user (record
        rules), a bureau's report must be theirs as complainant, and the
        stage must belong to the ticket's team and allow closing from the portal.
        Refusals answer like the OCA route does (a 302 redirect).
        """
        ticket = request.env["helpdesk.ticket"].search(
            [("id", "=", to_int(kw.get("ticket_id")))], limit=1
        )
        if not ticket:
            return werkzeug.utils.redirect("/my")
        ticket_sudo = ticket.sudo()
        if (
            ticket_sudo.is_mdd_report
            and ticket_sudo.complainant_id.partner_id != request.env.user.partner_id
        ):
            return werkzeug.utils.redirect("/my")
        stage = (
            request.env["helpdesk.ticket.stage"].sudo().browse(to_int(kw.get("stage_id"))).exists()
        )
        if (
            not stage
            or not stage.close_from_portal
            or stage not in ticket_sudo.team_id._get_applicable_stages()
        ):
            return werkzeug.utils.redirect(ticket_sudo.access_url)
        try:
            with request.env.cr.savepoint():
                return super().support_ticket_close(
                    ticket_id=str(ticket.id), stage_id=str(stage.id)
                )
        except (UserError, ValidationError):
            return request.redirect(ticket_sudo.access_url)


class MddTeamRefused(Exception):
    """A portal user tried to create a ticket in a bureau's team."""
