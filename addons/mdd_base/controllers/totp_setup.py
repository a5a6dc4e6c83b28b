# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, http
from odoo.addons.auth_totp_enforce.controllers.home import Home


class TotpSetup(Home):
    @http.route()
    def web_totp_setup(self, redirect=None, **kwargs):
        """The mandatory TOTP setup page of auth_totp_enforce, with its error
        message in the user's language (the add-on ships no Dutch; the
        terms of its page are translated in ``i18n_extra``)."""
        response = super().web_totp_setup(redirect=redirect, **kwargs)
        qcontext = getattr(response, "qcontext", None)
        if qcontext and qcontext.get("error"):
            qcontext["error"] = _("Verification failed, please double-check the 6-digit code")
        return response
