# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures shared by the tests of the MDD add-ons.

``PublicFormCase`` is a mixin for an ``HttpCase`` that fills in a public
form as a Dutch visitor: it reads the page's CSRF and one-time tokens, and
lists the fields that show an error.
"""

import re

CSRF = re.compile(r'(?:name="csrf_token" value="|csrf_token: ")([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_nonce" value="([^"]+)"')
FIELD_ERROR = re.compile(r'<div[^>]*o_mdd_field_error[^>]*data-field="(\w+)"')

# Context for fixtures: no chatter noise, no mails to new users.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "no_reset_password": True,
}


class PublicFormCase:
    """Mixin for an HttpCase: a Dutch visitor filling in a public form."""

    def _browse_in_dutch(self):
        """Send the header of a Dutch browser (else Odoo serves /en/)."""
        self.opener.headers["Accept-Language"] = "nl-NL,nl;q=0.9"

    def _clear_throttle(self):
        self.env["mdd.throttle"].sudo().search([]).unlink()

    def _page_tokens(self, url):
        """``(csrf_token, form_token)`` of the form page at ``url``."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        csrf = CSRF.search(response.text)
        token = FORM_TOKEN.search(response.text)
        self.assertTrue(csrf and token, f"no form tokens on {url}")
        return csrf.group(1), token.group(1)

    @staticmethod
    def _field_errors(response):
        """The names of the fields that show an error on the page."""
        return set(FIELD_ERROR.findall(response.text))
