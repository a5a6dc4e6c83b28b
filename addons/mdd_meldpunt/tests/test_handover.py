# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Handing a report over to another bureau, and registering a report that
belongs to another bureau, as the real users."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import MddCase, setup_bureaus


class TestHandover(MddCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The MDD coordinator works at MDD.
        cls.team_mdd.user_ids = [(4, cls.coordinator.id)]
        cls.Ticket = cls.env["helpdesk.ticket"].with_context(mdd_report=True)

    def _register_as_emmen_handler(self):
        """An Emmen handler takes a phone call from an Assen resident."""
        Complainant = self.env["mdd.complainant"].with_user(self.handler_emmen)
        complainant = Complainant.create(
            {
                "name": "Noor Assen",
                "email": "noor.assen@example.com",
                "residence_municipality_id": self.assen.id,
                "consent_contact": True,
                "contact_channel": "email",
            }
        )
        complainant.action_create_partner()
        form = Form(self.Ticket.with_user(self.handler_emmen))
        form.name = "Uitgescholden bij de bakker"
        form.description = "<p>Melder werd uitgescholden.</p>"
        form.complainant_id = complainant
        form.incident_municipality_id = self.assen
        return form

    def _saved(self, form):
        """Save the form; the report, read back as superuser by the test."""
        return self.env["helpdesk.ticket"].browse(form.save().id)

    def _wizard(self, report, user, **vals):
        return (
            self.env["mdd.report.handover"]
            .with_user(user)
            .with_context(default_report_id=report.id)
            .create(vals)
        )

    # ------------------------------------------------------------------
    # Registering a report of another bureau
    # ------------------------------------------------------------------

    def test_registration_stays_at_own_bureau_and_offers_handover(self):
        form = self._register_as_emmen_handler()
        # The form does not move the report to a bureau the handler does not
        # work for; it says where it belongs.
        self.assertEqual(form.team_id, self.team_emmen)
        self.assertEqual(form.mdd_route_team_id, self.team_mdd)
        report = form.save()
        self.assertEqual(report.team_id, self.team_emmen)
        self.assertEqual(report.user_id, self.handler_emmen)
        self.assertEqual(report.with_user(self.handler_emmen).mdd_route_team_id, self.team_mdd)
        action = report.with_user(self.handler_emmen).action_mdd_open_handover()
        self.assertEqual(action["res_model"], "mdd.report.handover")
        wizard = self._wizard(report, self.handler_emmen, reason="Woont in Assen")
        self.assertEqual(wizard.team_id, self.team_mdd)  # proposed by the routing
        self.assertEqual(wizard.source_team_id, self.team_emmen)

    def test_registration_without_bureau_keeps_own_bureau(self):
        report = self.Ticket.with_user(self.handler_emmen).create(
            {
                "name": "Melding",
                "description": "<p>Wat er gebeurde.</p>",
                "residence_municipality_id": self.assen.id,
            }
        )
        self.assertEqual(report.team_id, self.team_emmen)
        self.assertEqual(report.mdd_route_team_id, self.team_mdd)

    def test_registration_for_other_bureau_is_a_clear_error(self):
        with self.assertRaisesRegex(UserError, "hand it over"):
            self.Ticket.with_user(self.handler_emmen).create(
                {
                    "name": "Melding",
                    "description": "<p>Wat er gebeurde.</p>",
                    "team_id": self.team_mdd.id,
                }
            )

    def test_coordinator_registers_for_any_bureau(self):
        form = Form(self.Ticket.with_user(self.coordinator))
        form.name = "Melding"
        form.description = "<p>Wat er gebeurde.</p>"
        form.residence_municipality_id = self.emmen
        self.assertEqual(form.team_id, self.team_emmen)
        report = form.save()
        self.assertEqual(report.team_id, self.team_emmen)
        self.assertFalse(report.mdd_route_team_id)

    # ------------------------------------------------------------------
    # The handover
    # ------------------------------------------------------------------

    def test_handover_from_emmen_to_mdd(self):
        report = self._saved(self._register_as_emmen_handler())
        complainant = report.complainant_id
        partner = complainant.partner_id
        self.assertTrue(partner)
        report.message_subscribe(partner_ids=self.handler_emmen.partner_id.ids)
        wizard = self._wizard(
            report,
            self.handler_emmen,
            team_id=self.team_mdd.id,
            reason="Woont in Assen",
            consent=True,
        )
        result = wizard.action_hand_over()
        self.assertEqual(result["tag"], "display_notification")
        # The handler no longer has the report: the next screen is the list.
        self.assertEqual(result["params"]["next"]["res_model"], "helpdesk.ticket")

        self.assertEqual(report.team_id, self.team_mdd)
        self.assertFalse(report.user_id)
        self.assertNotIn(self.handler_emmen.partner_id, report.message_partner_ids)

        # The Emmen handler keeps no access: not to the report, its
        # complainant, the complainant's contact or its actions.
        with self.assertRaises(AccessError):
            report.with_user(self.handler_emmen).read(["name"])
        self.assertFalse(self.Ticket.with_user(self.handler_emmen).search([("id", "=", report.id)]))
        with self.assertRaises(AccessError):
            complainant.with_user(self.handler_emmen).read(["name"])
        with self.assertRaises(AccessError):
            partner.with_user(self.handler_emmen).read(["name"])

        # The MDD coordinator and the MDD handler see it.
        for user in (self.coordinator, self.handler):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.Ticket.with_user(user).search([("id", "=", report.id)]), report
                )
                report.with_user(user).read(["name", "complainant_id"])

        # The receiving bureau's coordinator gets an activity (no mail: its
        # notification would name the report).
        activity_type = self.env.ref("mdd_meldpunt.mail_activity_type_handover")
        activity = report.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertEqual(
            self.env["mail.activity"]
            .with_user(self.coordinator)
            .search([("id", "=", activity.id)]),
            activity,
        )

        # Logged on the report and on both bureaus, without personal data.
        personal = ("Noor", "noor.assen", "bakker", "uitgescholden", "Uitgescholden")
        log = report.message_ids.filtered(lambda m: "Handed over" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertIn(self.team_emmen.name, log.body)
        self.assertIn(self.team_mdd.name, log.body)
        self.assertIn("Woont in Assen", log.body)
        self.assertEqual(log.author_id, self.handler_emmen.partner_id)
        for team in (self.team_emmen, self.team_mdd):
            with self.subTest(team=team.name):
                note = team.message_ids.filtered(lambda m, r=report: r.number in (m.body or ""))
                self.assertEqual(len(note), 1)
                self.assertFalse(note.notified_partner_ids)
        texts = [
            m.body or "" for m in log | self.team_emmen.message_ids | self.team_mdd.message_ids
        ]
        texts += [activity.summary or "", activity.note or ""]
        for text in texts:
            for word in personal:
                self.assertNotIn(word, text)

    def test_handover_goes_to_team_leader(self):
        self.team_mdd.user_id = self.handler
        report = self._saved(self._register_as_emmen_handler())
        self._wizard(
            report, self.handler_emmen, team_id=self.team_mdd.id, reason="Regio", consent=True
        ).action_hand_over()
        activity_type = self.env.ref("mdd_meldpunt.mail_activity_type_handover")
        activity = report.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(activity.user_id, self.handler)

    def test_handover_needs_consent_and_another_bureau(self):
        report = self._saved(self._register_as_emmen_handler())
        cases = (
            {"team_id": self.team_mdd.id, "reason": "Woont in Assen", "consent": False},
            {"team_id": self.team_emmen.id, "reason": "Woont in Assen", "consent": True},
            {"team_id": self.team_mdd.id, "reason": "   ", "consent": True},
        )
        for vals in cases:
            with self.subTest(vals=vals):
                wizard = self._wizard(report, self.handler_emmen, **vals)
                with self.assertRaises(UserError):
                    wizard.action_hand_over()
                self.assertEqual(report.team_id, self.team_emmen)
                self.assertEqual(report.user_id, self.handler_emmen)
        helpdesk_team = self.env["helpdesk.ticket.team"].create({"name": "ICT-helpdesk"})
        wizard = self._wizard(
            report, self.handler_emmen, team_id=helpdesk_team.id, reason="x", consent=True
        )
        with self.assertRaises(UserError):
            wizard.action_hand_over()
        self.assertEqual(report.team_id, self.team_emmen)

    def test_only_staff_of_the_report_hand_it_over(self):
        # The MDD handler cannot hand over a report of Emmen.
        with self.assertRaises(AccessError):
            self._wizard(
                self.report_emmen, self.handler, team_id=self.team_mdd.id, reason="x", consent=True
            ).action_hand_over()
        self.assertEqual(self.report_emmen.team_id, self.team_emmen)
        # Other internal users have no handover at all.
        for user in (self.internal, self.helpdesk_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._wizard(
                    self.report_emmen, user, team_id=self.team_mdd.id, reason="x", consent=True
                )

    def test_coordinator_stays_after_handover(self):
        report = self._create_report(self.complainant)
        self.assertEqual(report.team_id, self.team_mdd)
        self._wizard(
            report, self.coordinator, team_id=self.team_emmen.id, reason="Regio", consent=True
        ).action_hand_over()
        self.assertEqual(report.team_id, self.team_emmen)
        report.with_user(self.coordinator).read(["name"])
        with self.assertRaises(AccessError):
            report.with_user(self.handler).read(["name"])
        report.with_user(self.handler_emmen).read(["name"])


@tagged("post_install", "-at_install", "mdd_tour")
class TestHandoverTour(HttpCase):
    """The handover as an Emmen handler clicks through it."""

    def test_handover_tour(self):
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        team_mdd, team_emmen = setup_bureaus(env)
        handler_emmen = new_test_user(
            env,
            login="mdd_tour_handler_emmen",
            name="Handler Emmen",
            groups="base.group_user,mdd_meldpunt.group_mdd_user",
        )
        team_emmen.user_ids = [(4, handler_emmen.id)]
        complainant = (
            env["mdd.complainant"]
            .with_user(handler_emmen)
            .create(
                {
                    "name": "Noor Assen",
                    "residence_municipality_id": env.ref("mdd_base.municipality_gm0106").id,
                    "consent_contact": True,
                }
            )
        )
        report = (
            env["helpdesk.ticket"]
            .with_user(handler_emmen)
            .with_context(mdd_report=True)
            .create(
                {
                    "name": "Telefonische melding",
                    "description": "<p>Melder belde.</p>",
                    "complainant_id": complainant.id,
                }
            )
        )
        report = env["helpdesk.ticket"].browse(report.id)
        self.assertEqual(report.team_id, team_emmen)
        self.start_tour(
            f"/odoo/action-mdd_meldpunt.action_mdd_report/{report.id}",
            "mdd_report_handover_tour",
            login=handler_emmen.login,
        )
        self.assertEqual(report.team_id, team_mdd)
        self.assertFalse(report.user_id)
        with self.assertRaises(AccessError):
            report.with_user(handler_emmen).read(["name"])
