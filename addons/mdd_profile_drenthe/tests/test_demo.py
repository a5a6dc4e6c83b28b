# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo database tells the story it should: checked only when it is there."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .test_profile import DRENTHE


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        data = cls.env["ir.model.data"].search(
            [
                ("module", "=", "mdd_profile_drenthe"),
                ("model", "=", "helpdesk.ticket"),
                ("name", "=like", "demo_report_%"),
            ]
        )
        cls.demo_reports = cls.env["helpdesk.ticket"].browse(data.mapped("res_id"))

    def setUp(self):
        super().setUp()
        module = self.env["ir.module.module"].search([("name", "=", "mdd_profile_drenthe")])
        if not module.demo or not self.demo_reports:
            self.skipTest("no demo data")

    def test_reports_over_two_years(self):
        reports = self.demo_reports
        self.assertGreaterEqual(len(reports), 35)
        today = fields.Date.context_today(reports)
        dates = reports.mapped("incident_date")
        self.assertTrue(all(dates))
        self.assertLessEqual(max(dates), today)
        self.assertGreaterEqual(min(dates), today - relativedelta(years=2))
        self.assertLessEqual(min(dates), today - relativedelta(months=18))
        drenthe = self.env["mdd.municipality"].search([("cbs_code", "in", list(DRENTHE.values()))])
        self.assertEqual(len(drenthe), 12)
        municipalities = reports.incident_municipality_id & drenthe
        self.assertEqual(len(municipalities), 12, "every Drenthe municipality appears")
        self.assertTrue(reports.filtered("incident_location_na"))
        self.assertEqual(set(reports.mapped("report_type")), {"klacht", "melding"})

    def test_the_cases_the_issue_asks_for(self):
        reports = self.demo_reports
        complainants = reports.complainant_id
        self.assertGreaterEqual(len(complainants.filtered("anonymous")), 3)
        minors = complainants.filtered("is_minor")
        self.assertTrue(minors.filtered("anonymous"))
        self.assertTrue(minors.filtered("parental_consent"))
        self.assertTrue(complainants.filtered(lambda c: c.role == "witness"))
        self.assertTrue(complainants.filtered(lambda c: c.role == "organisation"))
        # Emmen residents' reports are handled in Emmen, wherever it happened.
        emmen = self.env.ref("mdd_base.municipality_gm0114")
        residents = reports.filtered(lambda r: r.residence_municipality_id == emmen)
        self.assertTrue(residents)
        self.assertEqual(residents.team_id, self.env.ref("mdd_profile_drenthe.team_emmen"))
        self.assertTrue(residents.filtered(lambda r: r.incident_municipality_id != emmen))
        # An incident with several reports, and a mass-report incident.
        incidents = reports.incident_id
        self.assertTrue(incidents.filtered(lambda i: i.report_count >= 3 and not i.is_mass_report))
        self.assertTrue(incidents.filtered(lambda i: i.report_count >= 5 and i.is_mass_report))

    def test_workflow_states(self):
        reports = self.demo_reports
        stages = reports.stage_id
        bureau_stages = self.env["helpdesk.ticket.stage"].search([("is_mdd_stage", "=", True)])
        self.assertEqual(stages, bureau_stages, "reports in every bureau stage")
        closed = reports.filtered("closed")
        self.assertTrue(closed)
        self.assertTrue(all(closed.mapped("outcome_id")))
        self.assertTrue(all(closed.mapped("registration_complete")))
        self.assertTrue(reports.filtered(lambda r: not r.registration_complete))
        self.assertTrue(reports.filtered(lambda r: not r.user_id and not r.closed))
        self.assertTrue(reports.action_ids)
        towards = reports.action_ids.filtered("type_id.towards_other_party")
        self.assertTrue(towards)
        self.assertTrue(all(towards.report_id.complainant_id.mapped("consent_share")))

    def test_demo_users(self):
        handler = self.env.ref("mdd_profile_drenthe.user_handler")
        handler_emmen = self.env.ref("mdd_profile_drenthe.user_handler_emmen")
        coordinator = self.env.ref("mdd_profile_drenthe.user_coordinator")
        Ticket = self.env["helpdesk.ticket"]
        domain = [("id", "in", self.demo_reports.ids)]
        self.assertEqual(Ticket.with_user(coordinator).search_count(domain), len(self.demo_reports))
        mine = Ticket.with_user(handler).search(domain)
        theirs = Ticket.with_user(handler_emmen).search(domain)
        self.assertTrue(mine and theirs)
        self.assertFalse(mine & theirs)
        self.assertEqual(len(mine | theirs), len(self.demo_reports))
        for user in (handler, handler_emmen, coordinator):
            with self.subTest(user=user.login):
                assigned = [*domain, ("user_id", "=", user.id)]
                self.assertTrue(Ticket.with_user(user).search_count(assigned))
