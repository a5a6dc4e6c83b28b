# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestNoDeviceTraceOfPortalUsers(HttpCase):
    def test_portal_session_leaves_no_address(self):
        portal = new_test_user(
            self.env, login="dev_portal", password="dev_portal_pw_123", groups="base.group_portal"
        )
        self.authenticate("dev_portal", "dev_portal_pw_123")
        self.assertEqual(self.url_open("/my").status_code, 200)
        logs = self.env["res.device.log"].sudo().search([("user_id", "=", portal.id)])
        self.assertFalse(logs)
