# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Quick intake of a report taken by phone, as a case handler."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import MddCase, run_after_intake, setup_bureaus


@tagged("post_install", "-at_install", "mdd_phone_intake")
class TestPhoneIntake(MddCase):
    def _intake(self, user=None, **values):
        Intake = self.env["mdd.phone.intake"].with_user(user or self.handler)
        return Intake.with_context(mdd_report=True).create(
            {"description": "De beller werd uitgescholden.", **values}
        )

    def _reports(self):
        return self.env["helpdesk.ticket"].search([("is_mdd_report", "=", True)])

    def test_anonymous_caller(self):
        before = self._reports()
        intake = self._intake(incident_location_na=True)
        self.assertEqual(intake.team_id, self.team_mdd)
        action = intake.action_create_report()
        report = self._reports() - before
        self.assertEqual(len(report), 1)
        self.assertEqual(intake.report_id, report)
        self.assertEqual(intake.state, "done")
        self.assertEqual(action["res_id"], intake.id)
        self.assertEqual(intake.report_number, report.number)
        self.assertTrue(intake.report_anonymous)
        self.assertFalse(intake.report_mail_sent)
        self.assertRecordValues(
            report,
            [
                {
                    "team_id": self.team_mdd.id,
                    "report_source": "phone",
                    "channel_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone").id,
                    "incident_location_na": True,
                    "user_id": self.handler.id,
                    "registration_complete": False,
                }
            ],
        )
        self.assertTrue(report.complainant_id.anonymous)
        self.assertFalse(report.complainant_id.partner_id)
        self.assertIn("uitgescholden", str(report.description))
        # Registered once only.
        with self.assertRaises(UserError):
            intake.action_create_report()
        self.assertEqual(len(self._reports() - before), 1)

    def test_caller_with_details(self):
        partners = self.env["res.partner"].search([])
        intake = self._intake(
            name="Jan Beller",
            phone="0592 123 456",
            email="jan.beller@example.org",
            consent_contact=True,
            residence_municipality_id=self.meppel.id,
            incident_municipality_id=self.emmen.id,
            age_group="45_64",
        )
        intake.action_create_report()
        report = intake.report_id
        complainant = report.complainant_id
        self.assertRecordValues(
            complainant,
            [
                {
                    "name": "Jan Beller",
                    "phone": "0592 123 456",
                    "email": "jan.beller@example.org",
                    "contact_channel": "phone",
                    "consent_contact": True,
                    "anonymous": False,
                    "age_group": "45_64",
                }
            ],
        )
        # Routed by residence (Meppel: MDD), not by the place of the incident.
        self.assertEqual(report.team_id, self.team_mdd)
        self.assertEqual(report.residence_municipality_id, self.meppel)
        # A hidden contact for the mail confirmation, which holds the number.
        self.assertEqual(self.env["res.partner"].search([]) - partners, complainant.partner_id)
        self.assertTrue(complainant.partner_id.mdd_is_complainant)
        self.assertTrue(intake.report_mail_sent)
        self.assertTrue(report.mdd_intake_pending, "the mail is queued by the job")
        run_after_intake(self.env)
        self.assertFalse(report.mdd_intake_pending)
        mail = self.env["mail.mail"].search([("recipient_ids", "in", complainant.partner_id.ids)])
        self.assertEqual(len(mail), 1)
        self.assertIn(report.number, mail.subject)
        self.assertNotIn("uitgescholden", str(mail.body_html))

    def test_bad_input_creates_nothing(self):
        before = (self._reports(), self.env["mdd.complainant"].search([]))
        cases = [
            {"description": " "},
            {"name": "Jan"},  # details without consent
            {"email": "geen-adres", "consent_contact": True},
            {"phone": "bel me", "consent_contact": True},
            {"name": "Kind", "consent_contact": True, "age_group": "0_15"},
        ]
        for values in cases:
            with self.subTest(values=values), self.assertRaises(UserError):
                self._intake(**values).action_create_report()
        self.assertEqual((self._reports(), self.env["mdd.complainant"].search([])), before)

    def test_report_of_another_bureau_stays_here_for_a_handover(self):
        intake = self._intake(residence_municipality_id=self.emmen.id)
        self.assertEqual(intake.team_id, self.team_mdd)
        self.assertEqual(intake.route_team_id, self.team_emmen)
        intake.action_create_report()
        report = intake.report_id
        self.assertEqual(report.team_id, self.team_mdd)
        # The report form offers the handover to the bureau it belongs to.
        self.assertEqual(report.with_user(self.handler).mdd_route_team_id, self.team_emmen)
        # A coordinator registers it at the bureau it belongs to.
        intake = self._intake(user=self.coordinator, residence_municipality_id=self.emmen.id)
        self.assertFalse(intake.route_team_id)
        intake.action_create_report()
        self.assertEqual(intake.report_id.team_id, self.team_emmen)

    def test_access(self):
        for user in (self.internal, self.helpdesk_user, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._intake(user=user)
        # A handler does not read another handler's intake.
        intake = self._intake()
        with self.assertRaises(AccessError):
            intake.with_user(self.handler_emmen).read(["description"])


@tagged("post_install", "-at_install", "mdd_phone_intake", "mdd_tour")
class TestPhoneIntakeTour(HttpCase):
    def test_phone_intake_as_handler(self):
        team_mdd, _team_emmen = setup_bureaus(self.env)
        handler = new_test_user(
            self.env,
            login="mdd_phone_handler",
            password="mdd_phone_handler",
            name="Handler Telefoon",
            lang="nl_NL",
            groups="base.group_user,mdd_meldpunt.group_mdd_user",
        )
        team_mdd.user_ids = [(4, handler.id)]
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search([])
        self.start_tour("/odoo", "mdd_phone_intake_tour", login=handler.login)
        report = Ticket.search([]) - before
        self.assertEqual(len(report), 1)
        self.assertIn("MDD-PHONE-TOUR", str(report.description))
        self.assertEqual(report.team_id, team_mdd)
        self.assertEqual(report.report_source, "phone")
        self.assertEqual(report.complainant_id.name, "Jan Beller")
        self.assertEqual(report.incident_municipality_id.name, "Emmen")
        self.assertEqual(report.user_id, handler)
