# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the tests that need both the Meldpunt and Voorlichting."""

from odoo.addons.mdd_meldpunt.tests.common import setup_bureaus
from odoo.addons.mdd_voorlichting.tests.common import VoorlichtingCommon, local
from odoo.tests import new_test_user

__all__ = ["BridgeCommon", "local"]


class BridgeCommon(VoorlichtingCommon):
    """The Voorlichting fixtures, plus the users of the Meldpunt."""

    @classmethod
    def _setup_voorlichting(cls):
        result = super()._setup_voorlichting()
        cls.handler = new_test_user(
            cls.env,
            login="va_handler",
            name="Hans Handler",
            groups="mdd_meldpunt.group_mdd_user",
            email="hans.handler@example.org",
        )
        return result

    @classmethod
    def _setup_access_users(cls, prefix):
        """One user of each kind of the access matrices, in ``cls.users``
        (keys as ``test_access_matrix.USERS``); logins start with ``prefix``.
        Needs :meth:`_setup_voorlichting` first."""
        env = cls.env
        ref = env.ref

        def user(kind, groups, **values):
            return new_test_user(env, login=f"{prefix}_{kind}", groups=groups, **values)

        handler_groups = "base.group_user,mdd_meldpunt.group_mdd_user"
        cls.users = {
            "public": ref("base.public_user"),
            "owner": cls.portal_a,
            "portal_other": cls.portal_b,
            "municipal": user("municipal", "base.group_portal", name="Ambtenaar Assen"),
            "internal": user("internal", "base.group_user", name="Intern"),
            "trainer": cls.trainer,
            "planner": cls.planner,
            "handler_other": user("handler_emmen", handler_groups),
            "handler": user("handler", handler_groups),
            "coordinator": user("coordinator", "base.group_user,mdd_meldpunt.group_mdd_manager"),
        }
        cls.users["municipal"].partner_id.mdd_municipality_id = cls.assen
        cls.team_mdd, cls.team_emmen = setup_bureaus(env)
        cls.team_mdd.user_ids = [(4, cls.users["handler"].id)]
        cls.team_emmen.user_ids = [(4, cls.users["handler_other"].id)]
