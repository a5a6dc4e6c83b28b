# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who sees figures: coordinators only in the backend, officials on the portal."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_figures import YEAR, FiguresCase

ANALYSIS_MODELS = (
    "mdd.report.analysis",
    "mdd.report.ground.analysis",
    "mdd.report.manifestation.analysis",
    "mdd.wga.line",
)


@tagged("post_install", "-at_install")
class TestFiguresAccess(FiguresCase):
    def test_coordinator_sees_everything(self):
        for model in ANALYSIS_MODELS:
            self.assertTrue(self.env[model].with_user(self.coordinator).search_count([]), model)
        Figures = self.env["mdd.wga.figures"].with_user(self.coordinator)
        self.assertTrue(Figures._csv(self.aadorp, YEAR))
        dashboard = self.env["mdd.dashboard"].with_user(self.coordinator).get_dashboard_data()
        self.assertEqual(dashboard["mode"], "coordinator")
        wizard = self.env["mdd.wga.figures.wizard"].with_user(self.coordinator).create({})
        self.assertTrue(wizard.municipality_ids)

    def _assert_no_figures(self, user):
        for model in ANALYSIS_MODELS:
            with self.assertRaises(AccessError, msg=f"{user.login} reads {model}"):
                self.env[model].with_user(user).search([])
        Figures = self.env["mdd.wga.figures"].with_user(user)
        with self.assertRaises(AccessError):
            Figures._csv(self.aadorp, YEAR)
        with self.assertRaises(AccessError):
            Figures._figures(self.aadorp, YEAR)
        with self.assertRaises(AccessError):
            self.env["mdd.wga.figures.wizard"].with_user(user).create({"year": YEAR})
        Dashboard = self.env["mdd.dashboard"].with_user(user)
        if user.has_group("mdd_meldpunt.group_mdd_user"):
            # Their own open reports ("My reports"), no figures.
            self.assertEqual(Dashboard.get_dashboard_data()["mode"], "handler")
        else:
            with self.assertRaises(AccessError):
                Dashboard.get_dashboard_data()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                "mdd_meldpunt.report_wga_municipality", self.aadorp.ids, data={"year": YEAR}
            )

    def test_plain_internal_user_sees_no_figures(self):
        self._assert_no_figures(self.internal_user)

    def test_case_handler_sees_no_figures(self):
        # Analysis lines identify reports, also of other bureaus: coordinators only.
        self._assert_no_figures(self.handler)

    def test_portal_users_see_no_figures_in_the_backend(self):
        self._assert_no_figures(self.official)
        self._assert_no_figures(self.other_portal)

    def test_only_coordinators_set_municipal_figures_access(self):
        partner = self.other_portal.partner_id
        partner.with_user(self.coordinator).mdd_municipality_id = self.beekdal
        self.assertEqual(partner.mdd_municipality_id, self.beekdal)
        for user in (self.handler, self.internal_user):
            with self.assertRaises(AccessError):
                partner.with_user(user).write({"mdd_municipality_id": self.aadorp.id})
            with self.assertRaises(AccessError):
                partner.with_user(user).read(["mdd_municipality_id"])
        with self.assertRaises(AccessError):
            self.official.partner_id.with_user(self.official).write(
                {"mdd_municipality_id": self.beekdal.id}
            )

    def test_menus_for_coordinators_only(self):
        Menu = self.env["ir.ui.menu"]
        dashboard = self.env.ref("mdd_meldpunt.menu_mdd_dashboard")
        wga = self.env.ref("mdd_meldpunt.menu_mdd_wga_figures")
        visible = Menu.with_user(self.coordinator)._visible_menu_ids()
        self.assertTrue({dashboard.id, wga.id} <= visible)
        # Handlers get their own dashboard ("My reports"), without figures.
        visible = Menu.with_user(self.handler)._visible_menu_ids()
        self.assertIn(dashboard.id, visible)
        self.assertNotIn(wga.id, visible)
        visible = Menu.with_user(self.internal_user)._visible_menu_ids()
        self.assertFalse({dashboard.id, wga.id} & visible)
