# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo coordinator clicks a chart of the dashboard through to the reports."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "mdd_tour")
class TestDashboardTour(HttpCase):
    def test_coordinator_clicks_through_to_the_reports(self):
        module = self.env["ir.module.module"].search([("name", "=", "mdd_profile_drenthe")])
        coordinator = self.env.ref("mdd_profile_drenthe.user_coordinator", raise_if_not_found=False)
        if not module.demo or not coordinator:
            self.skipTest("no demo data")
        in_progress = self.env.ref("mdd_meldpunt.stage_in_progress")
        count = self.env["helpdesk.ticket"].search_count(
            [("is_mdd_report", "=", True), ("stage_id", "=", in_progress.id)]
        )
        self.assertGreater(count, 0, "the demo has reports being handled")
        self.start_tour("/odoo", "mdd_dashboard_tour", login="coordinator")
