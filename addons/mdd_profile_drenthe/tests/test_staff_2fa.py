# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""MDD's staff log in with two-factor authentication (TOTP); portal users
with their password only. Over HTTP, as a browser does."""

import base64
import re
import time
from unittest.mock import patch

from odoo.addons.auth_totp.models.totp import TIMESTEP, hotp
from odoo.addons.mdd_base.models.res_users import ResUsers
from odoo.addons.mdd_base.tests.common import CSRF, QUIET
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

TOTP_SETUP = "/web/login/totp/setup"
TOTP_STEP = "/web/login/totp"
SECRET = re.compile(r"<code[^>]*>\s*([A-Z2-7 ]+?)\s*</code>")

STAFF_GROUPS = {
    "mdd_meldpunt.group_mdd_user": "case handler",
    "mdd_meldpunt.group_mdd_manager": "coordinator",
    "mdd_voorlichting.group_trainer": "trainer",
    "mdd_voorlichting.group_planner": "planner",
}


def totp_code(secret):
    key = base64.b32decode(re.sub(r"\s", "", secret).upper())
    return str(hotp(key, int(time.time() / TIMESTEP))).zfill(6)


@tagged("post_install", "-at_install")
class TestStaffLogin2fa(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, **QUIET))
        cls.handler = new_test_user(
            env,
            login="tfa_handler",
            groups="base.group_user,mdd_meldpunt.group_mdd_user",
            lang="nl_NL",
        )
        cls.portal = new_test_user(env, login="tfa_portal", groups="base.group_portal")

    def _login(self, login, password=None):
        """Log in through the login form; the redirect that follows."""
        page = self.url_open("/web/login")
        response = self.url_open(
            "/web/login",
            data={
                "login": login,
                "password": password or login,
                "csrf_token": CSRF.search(page.text).group(1),
            },
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303), login)
        return response.headers["Location"]

    def _backend_opens(self):
        response = self.url_open("/odoo", allow_redirects=False)
        if response.status_code == 200:
            return True
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        return False

    def test_groups_that_require_totp(self):
        for xmlid, who in STAFF_GROUPS.items():
            self.assertTrue(self.env.ref(xmlid).mdd_totp_required, who)
        # User administrators could give themselves any of those groups.
        self.assertTrue(self.env.ref("base.group_erp_manager").mdd_totp_required)
        self.assertFalse(self.env.ref("base.group_portal").mdd_totp_required)

    def test_handler_without_totp_cannot_reach_the_backend(self):
        self.assertIn(TOTP_SETUP, self._login("tfa_handler"))
        # The password alone opened no session.
        self.assertFalse(self._backend_opens())

    def test_handler_sets_up_totp_then_works(self):
        self.opener.headers["Accept-Language"] = "nl-NL,nl;q=0.9"
        self._login("tfa_handler")
        page = self.url_open(TOTP_SETUP)
        self.assertEqual(page.status_code, 200)
        # In Dutch for a Dutch browser (auth_totp_enforce ships no Dutch;
        # mdd_base adds it).
        self.assertIn("Tweestapsverificatie instellen", page.text)
        secret = SECRET.search(page.text).group(1)
        csrf = CSRF.search(page.text).group(1)

        # A wrong code: TOTP stays off, the backend closed.
        wrong = str((int(totp_code(secret)) + 1) % 1000000).zfill(6)
        response = self.url_open(TOTP_SETUP, data={"totp_token": wrong, "csrf_token": csrf})
        self.assertIn("controleer de 6 cijfers", response.text)
        self.handler.invalidate_recordset(["totp_secret", "totp_enabled"])
        self.assertFalse(self.handler.totp_enabled)
        self.assertFalse(self._backend_opens())

        # The right code switches TOTP on and leads to the usual second step.
        response = self.url_open(
            TOTP_SETUP,
            data={"totp_token": totp_code(secret), "csrf_token": csrf},
            allow_redirects=False,
        )
        self.assertIn(TOTP_STEP, response.headers["Location"])
        self.handler.invalidate_recordset(["totp_secret", "totp_enabled"])
        self.assertTrue(self.handler.totp_enabled)
        self.assertFalse(self._backend_opens())
        self._second_step(secret)
        self.assertTrue(self._backend_opens())

    def _second_step(self, secret):
        page = self.url_open(TOTP_STEP)
        response = self.url_open(
            TOTP_STEP,
            data={"totp_token": totp_code(secret), "csrf_token": CSRF.search(page.text).group(1)},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn("/web/login", response.headers["Location"])

    def test_handler_with_totp_logs_in_with_a_code(self):
        secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        self.handler.sudo().totp_secret = secret
        location = self._login("tfa_handler")
        self.assertIn(TOTP_STEP, location)
        self.assertNotIn(TOTP_SETUP, location)
        self.assertFalse(self._backend_opens())
        self._second_step(secret)
        self.assertTrue(self._backend_opens())
        # With TOTP on, the external API takes an API key, not the password.
        uid = self.xmlrpc_common.authenticate(get_db_name(), "tfa_handler", "tfa_handler", {})
        self.assertFalse(uid)

    def test_portal_user_is_not_asked(self):
        location = self._login("tfa_portal")
        self.assertNotIn("totp", location)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("totp", response.url)
        self.assertIn('href="/web/session/logout', response.text)

    def test_demo_users_exempt_only_in_a_demo_database(self):
        if not self.env.ref("mdd_profile_drenthe.user_coordinator", raise_if_not_found=False):
            self.fail("this test needs the profile's demo data")
        # The demo coordinator (password = login) is exempt here...
        self.assertNotIn("totp", self._login("coordinator"))
        self.assertTrue(self._backend_opens())
        self.url_open("/web/session/logout")
        # ... and would not be in a production database.
        with patch.object(ResUsers, "_mdd_demo_database", return_value=False):
            self.assertIn(TOTP_SETUP, self._login("coordinator"))
            self.assertFalse(self._backend_opens())
