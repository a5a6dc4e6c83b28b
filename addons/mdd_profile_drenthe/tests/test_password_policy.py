# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""MDD's password policy (OCA password_security, set up by the profile)."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.addons.mdd_base.models.res_users import ResUsers
from odoo.addons.mdd_base.tests.common import QUIET
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

GOOD = "Zeven-Paarden-Rennen-2026"


@tagged("post_install", "-at_install")
class TestPasswordPolicy(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, **QUIET))
        cls.handler = new_test_user(
            env, login="pw_handler", groups="base.group_user,mdd_meldpunt.group_mdd_user"
        )
        cls.portal = new_test_user(env, login="pw_portal", groups="base.group_portal")

    def setUp(self):
        super().setUp()
        # password_security switches itself off in the tests of every other
        # module (test users have password = login); on here, as in its own.
        patcher = patch.object(self, "test_module", "password_security")
        patcher.start()
        self.addCleanup(patcher.stop)

    def _set(self, user, password):
        user.sudo().write({"password": password})

    def test_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("auth_password_policy.minlength"), "12")
        for key, value in {
            "lower": "1",
            "upper": "1",
            "numeric": "1",
            "special": "0",
            "history": "10",
            "expiration_days": "0",
        }.items():
            self.assertEqual(params.get_param(f"password_security.{key}"), value, key)

    def test_weak_passwords_are_refused(self):
        for user in (self.handler, self.portal):
            for weak in ("Kort-12", "alleen-kleine-letters-1", "GeenCijfersErinHoor"):
                with self.assertRaises(UserError, msg=weak):
                    self._set(user, weak)
            self._set(user, GOOD)

    def test_no_reuse_of_recent_passwords(self):
        self._set(self.handler, GOOD)
        self._set(self.handler, "Acht-Katten-Slapen-2027")
        with self.assertRaises(UserError):
            self._set(self.handler, GOOD)

    def test_passwords_do_not_expire(self):
        self.handler.sudo().password_write_date = fields.Datetime.now() - timedelta(days=800)
        self.assertFalse(self.handler._password_has_expired())

    def test_demo_passwords_only_while_loading_demo_data(self):
        # The demo users (password = login) are loaded by data files in a
        # database with demo data; nowhere else does a weak password pass.
        loading = self.handler.with_context(install_mode=True)
        with patch.object(ResUsers, "_mdd_demo_database", return_value=True):
            self.assertTrue(loading._check_password_policy(["handler"]))
            with self.assertRaises(UserError):
                self.handler._check_password_policy(["handler"])
        with (
            patch.object(ResUsers, "_mdd_demo_database", return_value=False),
            self.assertRaises(UserError),
        ):
            loading._check_password_policy(["handler"])
