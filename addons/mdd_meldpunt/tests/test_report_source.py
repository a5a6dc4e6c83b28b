# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The source of a report, police referrals, and both in the analysis views."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import MddCase


@tagged("post_install", "-at_install", "mdd_report_source")
class TestReportSource(MddCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referral_day = fields.Date.today() - timedelta(days=3)
        cls.police_report = cls._create_report(
            cls.complainant,
            name="Aangifte doorverwezen",
            report_source="police",
            police_registration_number="2026123456",
            referral_date=cls.referral_day,
        )
        cls.letter_report = cls._create_report(
            cls.complainant, name="Per brief", report_source="letter"
        )

    def test_website_form_sets_the_source(self):
        Ticket = self.env["helpdesk.ticket"].sudo()
        prepared = {
            "ticket": {
                "description": "<p>Geweigerd.</p>",
                "incident_date": fields.Date.today(),
                "incident_municipality_id": self.assen.id,
                "incident_location_na": False,
                "incident_place": False,
                "ground_ids": [(6, 0, self.ground_origin.ids)],
                "manifestation_ids": [(6, 0, self.manifestation_treatment.ids)],
            },
            "complainant": {"anonymous": True, "contact_channel": "none", "age_group": "unknown"},
            "files": [],
        }
        report = Ticket._mdd_create_public_records(prepared, Ticket._mdd_new_receipt_code())
        self.assertEqual(report.report_source, "website")

    def test_referral_details_follow_the_source(self):
        form = Form(self.police_report.with_user(self.handler).with_context(mdd_report=True))
        self.assertEqual(form.police_registration_number, "2026123456")
        form.report_source = "organisation"
        self.assertFalse(form.police_registration_number)
        self.assertEqual(fields.Date.to_date(form.referral_date), self.referral_day)
        form.referral_organisation = "Politie-eenheid Noord-Nederland"
        form.report_source = "desk"
        self.assertFalse(form.referral_date)
        self.assertFalse(form.referral_organisation)
        form.save()
        self.assertEqual(self.police_report.report_source, "desk")

    def test_referral_date_not_in_the_future(self):
        with self.assertRaises(ValidationError):
            self.police_report.with_user(self.handler).referral_date = (
                fields.Date.today() + timedelta(days=1)
            )

    def test_filters_as_handler(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.handler)
        self.assertEqual(Ticket.search([("report_source", "=", "police")]), self.police_report)
        self.assertEqual(
            Ticket.search([("police_registration_number", "=", "2026123456")]), self.police_report
        )
        groups = dict(
            Ticket._read_group(
                [("is_mdd_report", "=", True), ("report_source", "!=", False)],
                ["report_source"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {"police": 1, "letter": 1})
        # The other bureau's handler sees neither.
        self.assertFalse(
            Ticket.with_user(self.handler_emmen).search([("report_source", "=", "police")])
        )

    def test_analysis_views(self):
        self.env.flush_all()
        for model in (
            "mdd.report.analysis",
            "mdd.report.ground.analysis",
            "mdd.report.manifestation.analysis",
            "mdd.wga.line",
        ):
            with self.subTest(model=model):
                Analysis = self.env[model].with_user(self.coordinator)
                lines = Analysis.search([("report_id", "=", self.police_report.id)])
                self.assertTrue(lines)
                self.assertEqual(set(lines.mapped("report_source")), {"police"})
                self.assertEqual(set(lines.mapped("referral_date")), {self.referral_day})
        Analysis = self.env["mdd.report.analysis"].with_user(self.coordinator)
        counts = dict(Analysis._read_group([], ["report_source"], ["report_ref:count_distinct"]))
        self.assertEqual(counts["police"], 1)
        self.assertEqual(counts["letter"], 1)
        with self.assertRaises(AccessError):
            self.env["mdd.report.analysis"].with_user(self.handler).search([])
