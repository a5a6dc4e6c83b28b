# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Meldpunt and the Voorlichting side by side: neither's users reach the
other's data."""

from odoo.addons.mdd_meldpunt.tests.common import setup_bureaus
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import BridgeCommon


@tagged("post_install", "-at_install")
class TestCrossAccess(BridgeCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        cls.session_a = cls._create_session(state="planned")

    def test_trainer_has_no_meldpunt_access(self):
        complainant = self.env["mdd.complainant"].create({"name": "Secret Person"})
        with self.assertRaises(AccessError):
            complainant.with_user(self.trainer).read(["name"])
        with self.assertRaises(AccessError):
            self.env["mdd.complainant"].with_user(self.trainer).search([])
        report = self.env["helpdesk.ticket"].create(
            {
                "name": "Report for the access test",
                "description": "<p>Special-category data</p>",
                "team_id": setup_bureaus(self.env)[0].id,
            }
        )
        self.assertTrue(report.is_mdd_report)
        Ticket = self.env["helpdesk.ticket"].with_user(self.trainer)
        try:
            visible = Ticket.search([("is_mdd_report", "=", True)])
        except AccessError:
            visible = Ticket.browse()
        self.assertFalse(visible)
        with self.assertRaises(AccessError):
            report.with_user(self.trainer).read(["name", "description"])
        root = self.env.ref("mdd_meldpunt.menu_mdd_root")
        self.assertNotIn(
            root.id, self.env["ir.ui.menu"].with_user(self.trainer)._visible_menu_ids()
        )

    def test_meldpunt_handler_has_no_voorlichting_access(self):
        with self.assertRaises(AccessError):
            self.Session.with_user(self.handler).search([])
        with self.assertRaises(AccessError):
            self.session_a.with_user(self.handler).read(["name"])
        with self.assertRaises(AccessError):
            self.env["mdd.education.request"].with_user(self.handler).search([])
