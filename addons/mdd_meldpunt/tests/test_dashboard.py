# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The dashboard's data: counted as the user, with the reports behind each number."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MddCase

# A year without other (demo) reports.
YEAR = 2011


@tagged("post_install", "-at_install")
class TestDashboard(MddCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        report = cls._create_report
        cls.year_reports = (
            report(
                name="Dashboard A",
                incident_date=date(YEAR, 3, 2),
                ground_ids=[(6, 0, cls.ground_origin.ids)],
                incident_municipality_id=cls.assen.id,
                user_id=cls.handler.id,
            )
            | report(
                name="Dashboard B",
                incident_date=date(YEAR, 3, 20),
                # Two sub-grounds of one main ground count once under it.
                ground_ids=[(6, 0, (cls.ground_origin | cls.ground_origin.child_ids[:1]).ids)],
                incident_municipality_id=cls.assen.id,
                user_id=cls.handler.id,
            )
            | report(
                name="Dashboard C",
                incident_date=date(YEAR, 7, 1),
                ground_ids=[(6, 0, cls.ground_religion.ids)],
                incident_municipality_id=cls.emmen.id,
                user_id=cls.handler_emmen.id,
            )
        )
        cls.last_year_report = report(
            name="Dashboard D", incident_date=date(YEAR - 1, 3, 9), user_id=cls.handler_emmen.id
        )
        cls.year_reports[1].stage_id = cls.stage_in_progress

    def data(self, user, year=YEAR):
        return self.env["mdd.dashboard"].with_user(user).get_dashboard_data(year)

    @staticmethod
    def rows(data, key):
        chart = next(chart for chart in data["charts"] if chart["key"] == key)
        return {row["label"]: row for row in chart["rows"]}

    def assert_domains_match(self, user, data):
        """Every number opens exactly as many reports as it says, as that user."""
        Ticket = self.env["helpdesk.ticket"].with_user(user)
        for card in data["cards"]:
            self.assertEqual(Ticket.search_count(card["domain"]), card["value"], card["key"])
        for chart in data["charts"]:
            if chart["action"] != "report":
                continue
            for row in chart["rows"]:
                for value, domain in zip(row["values"], row["domains"], strict=True):
                    self.assertEqual(Ticket.search_count(domain), value, (chart["key"], row))

    def test_coordinator_gets_the_full_dashboard(self):
        data = self.data(self.coordinator)
        self.assertEqual(data["mode"], "coordinator")
        cards = {card["key"]: card["value"] for card in data["cards"]}
        self.assertEqual(cards["reports"], 3)
        self.assertEqual(cards["reports_last"], 1)
        self.assertEqual(
            {"months", "grounds", "domains", "manifestations", "municipalities", "stages", "age"}
            - {chart["key"] for chart in data["charts"]},
            set(),
        )
        grounds = self.rows(data, "grounds")
        self.assertEqual(grounds[self.ground_origin.display_name]["values"], [2])
        self.assertEqual(grounds[self.ground_religion.display_name]["values"], [1])
        municipalities = self.rows(data, "municipalities")
        self.assertEqual(municipalities["Assen"]["values"], [2])
        self.assertEqual(municipalities["Emmen"]["values"], [1])
        months = list(self.rows(data, "months").values())
        self.assertEqual(months[2]["values"], [2, 1])  # March: this year, last year
        self.assertEqual(months[6]["values"], [1, 0])
        self.assertEqual(sum(sum(row["values"]) for row in months), 4)
        self.assertEqual(
            self.env["helpdesk.ticket"].search(months[2]["domains"][0]),
            self.year_reports[:2],
        )
        self.assert_domains_match(self.coordinator, data)
        # The window action opens the reports' own views.
        self.assertEqual(data["actions"]["report"]["res_model"], "helpdesk.ticket")

    def test_handler_gets_only_their_own_reports(self):
        data = self.data(self.handler)
        self.assertEqual(data["mode"], "handler")
        # No figures of the bureau: only "my reports".
        self.assertEqual({chart["key"] for chart in data["charts"]}, {"stages", "age"})
        cards = {card["key"]: card["value"] for card in data["cards"]}
        # Open and assigned to them: A and B (C and D are another's).
        self.assertEqual(cards["open"], 2)
        stages = self.rows(data, "stages")
        self.assertEqual(stages[self.stage_in_progress.name]["values"], [1])
        self.assertEqual(sum(row["values"][0] for row in stages.values()), 2)
        for row in stages.values():
            reports = self.env["helpdesk.ticket"].search(row["domains"][0])
            self.assertEqual(reports.user_id, self.handler)
        # Both were registered today: younger than two weeks.
        ages = list(self.rows(data, "age").values())
        self.assertEqual([row["values"][0] for row in ages], [2, 0, 0, 0])
        self.assert_domains_match(self.handler, data)
        # The other handler counts their own reports only, and closed ones
        # are not open.
        self.last_year_report.write(
            {
                "stage_id": self.stage_closed.id,
                "outcome_id": self.outcome_advice.id,
                "ground_ids": [(6, 0, self.ground_origin.ids)],
                "domain_id": self.domain_horeca.id,
                "manifestation_ids": [(6, 0, self.manifestation_remarks.ids)],
            }
        )
        cards = {card["key"]: card["value"] for card in self.data(self.handler_emmen)["cards"]}
        self.assertEqual(cards["open"], 1)

    def test_users_without_a_meldpunt_role_get_no_dashboard(self):
        for user in (self.internal, self.helpdesk_user, self.portal, self.portal_complainant):
            with self.assertRaises(AccessError, msg=user.login):
                self.data(user)

    def test_empty_year(self):
        data = self.data(self.coordinator, YEAR - 5)
        rows = {chart["key"]: chart["rows"] for chart in data["charts"]}
        self.assertEqual(rows["grounds"], [])
        self.assertEqual(rows["months"], [])
        chart = next(chart for chart in data["charts"] if chart["key"] == "grounds")
        self.assertIn(str(YEAR - 5), chart["empty"])
        self.assertTrue(data["note"])
        self.assertIn(YEAR - 5, data["years"])

    def test_client_action_and_menu(self):
        action = self.env.ref("mdd_meldpunt.action_mdd_dashboard")
        self.assertEqual(action.tag, "mdd_meldpunt.dashboard")
        menu = self.env.ref("mdd_meldpunt.menu_mdd_dashboard")
        self.assertEqual(menu.action, action)
        Menu = self.env["ir.ui.menu"]
        for user in (self.coordinator, self.handler):
            self.assertIn(menu.id, Menu.with_user(user)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.internal)._visible_menu_ids())
        self.assertNotIn("mdd.figures.dashboard", self.env)
