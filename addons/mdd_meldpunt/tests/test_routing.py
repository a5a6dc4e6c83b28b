# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from .common import MddCase


class TestRouting(MddCase):
    """A new report goes to the bureau of the complainant's residence, else of
    the incident municipality, else to MDD."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A municipality outside Drenthe, added by staff, without a bureau.
        cls.zwolle = cls.env.ref("mdd_base.municipality_gm0193")

    def _route(self, residence=None, incident=None, user=None):
        # The complainant is registered by whoever registers the report.
        complainant = (
            self.env["mdd.complainant"]
            .with_user(user or self.env.user)
            .create(
                {
                    "age_group": "30_44",
                    "role": "victim",
                    "anonymous": not residence,
                    "name": False if not residence else "Melder",
                    "residence_municipality_id": residence.id if residence else False,
                }
            )
        )
        Ticket = self.env["helpdesk.ticket"]
        if user:
            Ticket = Ticket.with_user(user)
        return Ticket.with_context(mdd_report=True).create(
            {
                "name": "Melding",
                "description": "<p>Wat er gebeurde.</p>",
                "complainant_id": complainant.id,
                "incident_municipality_id": incident.id if incident else False,
                "incident_location_na": not incident,
            }
        )

    def test_routing_table(self):
        # (residence, incident municipality, expected bureau)
        cases = [
            ("assen", "assen", "team_mdd"),
            ("assen", "emmen", "team_mdd"),  # residence decides
            ("emmen", "emmen", "team_emmen"),
            ("emmen", "assen", "team_emmen"),  # Emmen residents, wherever it happened
            ("emmen", None, "team_emmen"),  # ... even online
            (None, "emmen", "team_emmen"),  # residence unknown: incident decides
            (None, "hoogeveen", "team_mdd"),
            (None, None, "team_mdd"),  # neither: MDD
            ("zwolle", "emmen", "team_emmen"),  # no bureau at residence
            ("zwolle", "meppel", "team_mdd"),
            ("zwolle", None, "team_mdd"),
        ]
        for residence, incident, team in cases:
            with self.subTest(residence=residence, incident=incident):
                report = self._route(
                    residence and getattr(self, residence),
                    incident and getattr(self, incident),
                )
                self.assertEqual(report.team_id, getattr(self, team))
                self.assertTrue(report.is_mdd_report)
                self.assertEqual(
                    report.residence_municipality_id,
                    getattr(self, residence) if residence else self.env["mdd.municipality"],
                )
                self.assertTrue(report.stage_id.is_mdd_stage)

    def test_routing_follows_configuration(self):
        """Which bureau handles a municipality is data, not code."""
        self.hoogeveen.team_id = self.team_emmen
        report = self._route(self.hoogeveen, self.assen)
        self.assertEqual(report.team_id, self.team_emmen)

    def test_explicit_team_wins(self):
        report = self._create_report(self.complainant_emmen, team_id=self.team_mdd.id)
        self.assertEqual(report.team_id, self.team_mdd)

    def test_residence_given_on_report_routes(self):
        """Residence entered on the report itself, without a complainant."""
        report = self._create_report(residence_municipality_id=self.emmen.id)
        self.assertEqual(report.team_id, self.team_emmen)

    def test_plain_ticket_is_not_routed(self):
        """Tickets of other helpdesk teams are left alone."""
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer kapot", "description": "<p>Papier vast.</p>"}
        )
        self.assertFalse(ticket.team_id.is_mdd_bureau)
        self.assertFalse(ticket.is_mdd_report)

    def test_handler_registers_report(self):
        """A handler registers a report routed to their own bureau."""
        report = self._route(self.assen, self.assen, user=self.handler)
        self.assertEqual(report.team_id, self.team_mdd)
        self.assertEqual(report.stage_id, self.stage_new)

    def test_form_routes_on_change(self):
        """In the form, the bureau follows the municipalities as they are
        entered (for a coordinator, who works for every bureau; a handler's
        report stays at their bureau to be handed over, see test_handover)."""
        form = Form(
            self.env["helpdesk.ticket"].with_user(self.coordinator).with_context(mdd_report=True)
        )
        form.name = "Telefonische melding"
        form.description = "<p>Melder belde.</p>"
        form.incident_municipality_id = self.emmen
        self.assertEqual(form.team_id, self.team_emmen)
        form.residence_municipality_id = self.assen
        self.assertEqual(form.team_id, self.team_mdd)
        form.residence_municipality_id = self.emmen
        self.assertEqual(form.team_id, self.team_emmen)
        report = form.save()
        self.assertEqual(report.team_id, self.team_emmen)
        self.assertTrue(report.is_mdd_report)

    def test_staff_move_report_to_other_bureau(self):
        report = self._create_report(self.complainant, user_id=self.handler.id)
        self.assertEqual(report.team_id, self.team_mdd)
        # A handler hands a report over (with the complainant's consent, see
        # test_handover), and does not just move it.
        with self.assertRaisesRegex(UserError, "Hand over"):
            report.with_user(self.handler).write({"team_id": self.team_emmen.id})
        self.assertEqual(report.team_id, self.team_mdd)
        report.with_user(self.coordinator).write({"team_id": self.team_emmen.id})
        self.assertEqual(report.team_id, self.team_emmen)
        # The handler is no member of the Emmen bureau: the report is no longer
        # assigned to them, nor visible; it is in the Emmen bureau's queue.
        self.assertFalse(report.user_id)
        self.assertTrue(report.stage_id.is_mdd_stage)
        Ticket = self.env["helpdesk.ticket"]
        self.assertFalse(Ticket.with_user(self.handler).search([("id", "=", report.id)]))
        self.assertEqual(
            Ticket.with_user(self.handler_emmen).search([("id", "=", report.id)]), report
        )
        # The coordinator moves it back.
        report.with_user(self.coordinator).team_id = self.team_mdd
        self.assertEqual(report.team_id, self.team_mdd)

    def test_later_changes_do_not_reroute(self):
        """Routing is for new reports; afterwards staff decide."""
        report = self._create_report(self.complainant)
        report.residence_municipality_id = self.emmen
        self.assertEqual(report.team_id, self.team_mdd)

    def test_report_stays_with_a_bureau(self):
        helpdesk_team = self.env["helpdesk.ticket.team"].create({"name": "ICT-helpdesk"})
        report = self._create_report(self.complainant)
        for user in (self.handler, self.coordinator):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    report.with_user(user).team_id = helpdesk_team
                with self.assertRaises(UserError):
                    report.with_user(user).team_id = False
        self.assertEqual(report.team_id, self.team_mdd)
        self.assertTrue(report.is_mdd_report)
        # Other tickets move freely.
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer kapot", "description": "<p>Papier vast.</p>"}
        )
        ticket.team_id = helpdesk_team
        ticket.team_id = False

    def test_report_follows_bureau_stages(self):
        report = self._create_report(self.complainant)
        generic = self.env["helpdesk.ticket.stage"].search(
            [("is_mdd_stage", "=", False), ("team_ids", "=", False)], limit=1
        )
        self.assertTrue(generic)
        with self.assertRaises(ValidationError):
            report.with_user(self.handler).stage_id = generic
        report.with_user(self.handler).stage_id = self.env.ref("mdd_meldpunt.stage_intake")

    def test_new_report_starts_at_users_bureau(self):
        """In the backend, a new report starts at the bureau of its creator."""
        Ticket = self.env["helpdesk.ticket"].with_context(mdd_report=True)
        expected = {
            self.handler: self.team_mdd,
            self.handler_emmen: self.team_emmen,
            self.coordinator: self.team_mdd,  # member of no bureau
        }
        for user, team in expected.items():
            with self.subTest(user=user.login):
                form = Form(Ticket.with_user(user))
                self.assertEqual(form.team_id, team)
                self.assertTrue(form.is_mdd_report)

    def test_auto_assignment_only_within_the_bureau(self):
        """The helpdesk assigns a new ticket to its creator: for a report, only
        when the creator works at its bureau."""
        Ticket = self.env["helpdesk.ticket"].with_context(mdd_report=True)
        values = {
            "name": "Melding",
            "description": "<p>Wat er gebeurde.</p>",
            "complainant_id": self.complainant.id,
        }
        mine = Ticket.with_user(self.handler).create(dict(values))
        self.assertEqual(mine.user_id, self.handler)
        # Superuser (e.g. the website form runs as such): no assignment.
        self.assertFalse(Ticket.create(dict(values)).user_id)
        # An Emmen handler who registers a report of the other bureau keeps it
        # at their own bureau, to hand it over (see test_handover).
        # (The complainant is theirs: registered by them with the report.)
        theirs_complainant = (
            self.env["mdd.complainant"]
            .with_user(self.handler_emmen)
            .create({"name": "Melder", "residence_municipality_id": self.assen.id})
        )
        theirs = Ticket.with_user(self.handler_emmen).create(
            dict(values, complainant_id=theirs_complainant.id)
        )
        self.assertEqual(theirs.team_id, self.team_emmen)
        self.assertEqual(theirs.user_id, self.handler_emmen)
        self.assertEqual(theirs.mdd_route_team_id, self.team_mdd)
