# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Portal of the organisations: their sessions under /my/voorlichtingen.

A contact reaches a session as a portal user of the organisation, or with
the access token of the links in our mails. Whatever is not theirs (another
organisation's id, a wrong token, a draft) is "not found". State changes are
POST only, and done by the model's ``_portal_*`` methods.
"""

from werkzeug.urls import url_encode

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq

MODEL = "mdd.education.session"
MESSAGES = ("confirmed", "cancelled", "evaluated")


class VoorlichtingPortal(CustomerPortal):
    def _voorlichting_domain(self):
        partner = request.env.user.partner_id
        return [
            ("state", "!=", "draft"),
            "|",
            ("contact_id", "=", partner.id),
            ("partner_id", "child_of", partner.commercial_partner_id.id),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "voorlichting_count" in counters:
            Session = request.env[MODEL]
            values["voorlichting_count"] = (
                Session.search_count(self._voorlichting_domain())
                if Session.has_access("read")
                else 0
            )
        return values

    @http.route(
        ["/my/voorlichtingen", "/my/voorlichtingen/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_voorlichtingen(self, page=1, **kwargs):
        Session = request.env[MODEL]
        if not Session.has_access("read"):
            return request.redirect("/my")
        domain = self._voorlichting_domain()
        total = Session.search_count(domain)
        pager = portal_pager(
            url="/my/voorlichtingen", total=total, page=page, step=self._items_per_page
        )
        sessions = Session.search(
            domain, order="start desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "sessions": sessions.sudo(),
                "page_name": "voorlichting",
                "pager": pager,
                "default_url": "/my/voorlichtingen",
            }
        )
        return request.render("mdd_voorlichting.portal_my_voorlichtingen", values)

    def _voorlichting_check_access(self, session_id, access_token, act=False):
        """The session as superuser, or a 404 for anything not theirs.

        :param act: the visitor wants to confirm, cancel or evaluate; only
            the organisation may (see :meth:`_voorlichting_may_act`)
        """
        try:
            session_sudo = self._document_check_access(MODEL, session_id, access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None
        if session_sudo.state == "draft":
            raise request.not_found()
        if act and not self._voorlichting_may_act(session_sudo, access_token):
            raise request.not_found()
        # Superuser rights, but the visitor stays the acting user (author of
        # the chatter messages, public or not).
        return session_sudo.with_user(request.env.user).sudo()

    def _voorlichting_may_act(self, session_sudo, access_token):
        """Whether the visitor acts for the session's organisation: one of its
        contacts, whoever holds the link of our mails (its token), or a
        planner (who acts for them, e.g. after a call). A trainer may read the
        page of their session, but not answer for the organisation."""
        if access_token and consteq(session_sudo.access_token or "", access_token):
            return True
        Session = request.env[MODEL]
        if Session._is_planner():
            return True
        domain = [("id", "=", session_sudo.id), *self._voorlichting_domain()]
        return Session.has_access("read") and bool(Session.search_count(domain))

    def _voorlichting_page(self, session_sudo, access_token, error=None, form=None, message=None):
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(
            session_sudo, access_token, values, "my_voorlichtingen_history", False
        )
        values.update(
            {
                "voorlichting": session_sudo,
                "page_name": "voorlichting",
                "error": error,
                "form": form or {},
                "message": message if message in MESSAGES else None,
                "cancel_deadline_days": session_sudo._get_cancel_deadline_days(),
            }
        )
        return request.render("mdd_voorlichting.portal_voorlichting_page", values)

    def _voorlichting_redirect(self, session_sudo, access_token, message):
        params = {"message": message}
        if access_token:
            params["access_token"] = access_token
        return request.redirect(f"{session_sudo.access_url}?{url_encode(params)}")

    @http.route("/my/voorlichtingen/<int:session_id>", type="http", auth="public", website=True)
    def portal_voorlichting(self, session_id, access_token=None, message=None, **kwargs):
        session_sudo = self._voorlichting_check_access(session_id, access_token)
        return self._voorlichting_page(session_sudo, access_token, message=message)

    @http.route(
        "/my/voorlichtingen/<int:session_id>/confirm",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_voorlichting_confirm(self, session_id, access_token=None, **kwargs):
        session_sudo = self._voorlichting_check_access(session_id, access_token, act=True)
        try:
            session_sudo._portal_confirm()
        except (UserError, ValidationError) as exc:
            return self._voorlichting_page(session_sudo, access_token, error=str(exc))
        return self._voorlichting_redirect(session_sudo, access_token, "confirmed")

    @http.route(
        "/my/voorlichtingen/<int:session_id>/cancel",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_voorlichting_cancel(self, session_id, access_token=None, reason=None, **kwargs):
        session_sudo = self._voorlichting_check_access(session_id, access_token, act=True)
        try:
            session_sudo._portal_cancel(reason)
        except (UserError, ValidationError) as exc:
            return self._voorlichting_page(
                session_sudo, access_token, error=str(exc), form={"reason": reason or ""}
            )
        return self._voorlichting_redirect(session_sudo, access_token, "cancelled")

    @http.route(
        "/my/voorlichtingen/<int:session_id>/evaluate",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_voorlichting_evaluate(self, session_id, access_token=None, **post):
        session_sudo = self._voorlichting_check_access(session_id, access_token, act=True)
        form = {
            key: post.get(key) or ""
            for key in ("rating", "went_well", "improve", "participants")
            if isinstance(post.get(key, ""), str)
        }
        try:
            session_sudo._portal_evaluate(
                form.get("rating"),
                form.get("went_well"),
                form.get("improve"),
                form.get("participants"),
            )
        except (UserError, ValidationError) as exc:
            return self._voorlichting_page(session_sudo, access_token, error=str(exc), form=form)
        return self._voorlichting_redirect(session_sudo, access_token, "evaluated")
