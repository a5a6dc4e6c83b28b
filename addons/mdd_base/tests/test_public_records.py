# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestFormTokenAndThrottle(TransactionCase):
    def test_a_form_token_is_claimed_once(self):
        Token = self.env["mdd.form.token"]
        self.assertTrue(Token._claim("form_a", "token-1"))
        self.assertFalse(Token._claim("form_a", "token-1"))
        self.assertTrue(Token._claim("form_b", "token-1"))
        self.assertFalse(Token._claim("form_a", ""))
        stored = Token.search([("scope", "=", "form_a")])
        self.assertEqual(len(stored), 1)
        self.assertNotIn("token-1", stored.key)

    def test_throttle_counts_per_client_and_keeps_no_address(self):
        Throttle = self.env["mdd.throttle"]
        for __ in range(3):
            self.assertTrue(Throttle._hit("form", "192.0.2.7", 3, 10))
        self.assertFalse(Throttle._hit("form", "192.0.2.7", 3, 10))
        self.assertTrue(Throttle._hit("form", "192.0.2.8", 3, 10))
        keys = Throttle.search([("scope", "=", "form")]).mapped("key")
        self.assertFalse([key for key in keys if "192.0.2" in key])

    def test_purge(self):
        Throttle = self.env["mdd.throttle"]
        Throttle._record("form", "192.0.2.9")
        self.env["mdd.form.token"]._claim("form", "old")
        later = fields.Datetime.now() + timedelta(days=9)
        with patch.object(fields.Datetime, "now", return_value=later):
            Throttle._gc_throttle()
        self.assertFalse(Throttle.search([("scope", "=", "form")]))
        self.assertFalse(self.env["mdd.form.token"].search([("scope", "=", "form")]))


@tagged("post_install", "-at_install")
class TestRecordIdsInUrls(HttpCase):
    def test_an_id_out_of_range_is_not_found(self):
        # Odoo's own <int:> route: a number no record can have is a 404, not
        # a server error from the database.
        response = self.url_open("/web/image/res.partner/99999999999999999999/avatar_128")
        self.assertEqual(response.status_code, 404)
        response = self.url_open("/web/image/res.partner/1/avatar_128")
        self.assertNotEqual(response.status_code, 500)
