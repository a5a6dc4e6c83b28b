# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two-factor authentication for the groups that require it.

mdd_base only provides the mechanism (a group may require TOTP); which
groups require it is a profile's choice. These tests mark a group of their
own; the profile's tests check MDD's groups and the login over HTTP.
"""

from unittest.mock import patch

from odoo.addons.mdd_base.models.res_users import ResUsers
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import QUIET

TOTP_SETUP = "/web/login/totp/setup"


@tagged("post_install", "-at_install")
class TestStaff2fa(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET))
        cls.staff_group = cls.env["res.groups"].create(
            {"name": "Test staff with personal data", "mdd_totp_required": True}
        )
        cls.staff = new_test_user(cls.env, login="mfa_staff", groups="base.group_user")
        cls.staff.groups_id = [(4, cls.staff_group.id)]
        cls.other = new_test_user(cls.env, login="mfa_other", groups="base.group_user")
        cls.portal = new_test_user(cls.env, login="mfa_portal", groups="base.group_portal")
        cls.exempt_group = cls.env.ref("auth_totp_enforce.group_mfa_exempt")

    def _in_demo_database(self, demo):
        return patch.object(ResUsers, "_mdd_demo_database", return_value=demo)

    def test_staff_must_set_up_totp(self):
        self.assertTrue(self.staff._mfa_enforced())
        self.assertEqual(self.staff._mfa_url(), TOTP_SETUP)

    def test_staff_with_totp_get_the_second_step(self):
        self.staff.sudo().totp_secret = "JBSWY3DPEHPK3PXP"
        self.assertEqual(self.staff._mfa_url(), "/web/login/totp")

    def test_users_outside_those_groups_are_not_forced(self):
        # mdd_base alone changes nobody's login: only marked groups count.
        self.assertFalse(self.other._mfa_enforced())
        self.assertIsNone(self.other._mfa_url())

    def test_portal_users_are_never_forced(self):
        self.env.ref("base.group_portal").mdd_totp_required = True
        self.assertFalse(self.portal._mfa_enforced())
        self.assertIsNone(self.portal._mfa_url())

    def test_a_group_implied_by_another_counts(self):
        boss_group = self.env["res.groups"].create(
            {"name": "Test boss", "implied_ids": [(4, self.staff_group.id)]}
        )
        boss = new_test_user(self.env, login="mfa_boss", groups="base.group_user")
        boss.groups_id = [(4, boss_group.id)]
        self.assertTrue(boss._mfa_enforced())

    def test_exemption_only_in_a_demo_database(self):
        self.exempt_group.users = [(4, self.staff.id)]
        with self._in_demo_database(True):
            self.assertFalse(self.staff._mfa_enforced())
        # In a production database the exemption group has no effect.
        with self._in_demo_database(False):
            self.assertTrue(self.staff._mfa_enforced())
            self.assertEqual(self.staff._mfa_url(), TOTP_SETUP)

    def test_demo_database_is_read_from_base(self):
        base = self.env.ref("base.module_base")
        base.demo = True
        self.assertTrue(self.env["res.users"]._mdd_demo_database())
        base.demo = False
        self.assertFalse(self.env["res.users"]._mdd_demo_database())


@tagged("post_install", "-at_install")
class TestNoTextGeneration(HttpCase):
    def test_editor_text_generation_sends_nothing(self):
        new_test_user(self.env, login="olg_staff", groups="base.group_user")
        self.authenticate("olg_staff", "olg_staff")
        iap = "odoo.addons.iap.tools.iap_tools.iap_jsonrpc"
        with patch(iap) as outside:
            for route in ("/html_editor/generate_text", "/web_editor/generate_text"):
                response = self.url_open(
                    route,
                    data=(
                        '{"jsonrpc": "2.0", "method": "call", "params": '
                        '{"prompt": "Vat samen: Jan Jansen werd uitgescholden", '
                        '"conversation_history": []}}'
                    ),
                    headers={"Content-Type": "application/json"},
                )
                error = response.json().get("error")
                self.assertTrue(error, route)
                self.assertIn("switched off", error["data"]["message"])
        outside.assert_not_called()
