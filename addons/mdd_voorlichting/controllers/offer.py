# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The organisation picks one of the offered times.

The page of an offer is reached with the token of the link in our mail
(with or without an account), as a portal contact of the organisation, or
as a planner. Whatever is not theirs (another offer, a wrong token, a
draft) is "not found". Choosing is a POST, done by
``mdd.education.offer._portal_choose``.
"""

from werkzeug.urls import url_encode

from odoo import http
from odoo.addons.mdd_base.tools.abuse_guard import no_store
from odoo.addons.mdd_base.tools.public_input import to_int
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

MODEL = "mdd.education.offer"


class VoorlichtingOfferPortal(CustomerPortal):
    def _offer_check_access(self, offer_id, access_token):
        """The offer as superuser (the visitor stays the acting user), or a
        404 for anything not theirs."""
        try:
            offer_sudo = self._document_check_access(MODEL, offer_id, access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None
        if offer_sudo.state == "draft":
            raise request.not_found()
        return offer_sudo.with_user(request.env.user).sudo()

    def _offer_page(self, offer_sudo, access_token, error=None, message=None):
        values = self._prepare_portal_layout_values()
        session = offer_sudo.session_id
        values.update(
            {
                "offer": offer_sudo,
                "page_name": "voorlichting_offer",
                "access_token": access_token,
                "status": offer_sudo._portal_status(),
                "slots": offer_sudo._portal_open_slots(),
                "error": error,
                "message": message if message == "chosen" else None,
                "session_url": session and session.get_portal_url(),
            }
        )
        # The link carries the token: no cache keeps the page, no referer
        # takes the address along.
        return no_store(request.render("mdd_voorlichting.portal_voorlichting_offer_page", values))

    @http.route(
        "/my/voorlichtingen/aanbod/<int:offer_id>", type="http", auth="public", website=True
    )
    def portal_voorlichting_offer(self, offer_id, access_token=None, message=None, **kwargs):
        offer_sudo = self._offer_check_access(offer_id, access_token)
        return self._offer_page(offer_sudo, access_token, message=message)

    @http.route(
        "/my/voorlichtingen/aanbod/<int:offer_id>/kiezen",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_voorlichting_offer_choose(self, offer_id, access_token=None, slot_id=None, **kw):
        offer_sudo = self._offer_check_access(offer_id, access_token)
        try:
            offer_sudo._portal_choose(to_int(slot_id))
        except (UserError, ValidationError) as exc:
            return self._offer_page(offer_sudo, access_token, error=str(exc))
        params = {"message": "chosen"}
        if access_token:
            params["access_token"] = access_token
        return no_store(request.redirect(f"{offer_sudo.access_url}?{url_encode(params)}"))
