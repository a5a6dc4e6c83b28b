# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.addons.mdd_base.tools.public_input import PublicInputError
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import VoorlichtingCommon, local


@tagged("post_install", "-at_install")
class TestEducationRequest(VoorlichtingCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        cls.Request = cls.env["mdd.education.request"].with_user(cls.planner)

    def _request(self, **values):
        vals = {
            "partner_id": self.org_a.id,
            "contact_id": self.contact_a.id,
            "municipality_id": self.assen.id,
            "workshop_id": self.workshop.id,
            "audience_id": self.audience.id,
            "participant_count": 25,
            "remarks": "Class 3B",
            "window_ids": [
                fields.Command.create(
                    {
                        "date_from": date(2031, 10, 27),
                        "date_to": date(2031, 10, 31),
                        "daypart": "afternoon",
                    }
                ),
                fields.Command.create(
                    {
                        "date_from": date(2031, 10, 20),
                        "date_to": date(2031, 10, 24),
                        "daypart": "morning",
                    }
                ),
            ],
        }
        vals.update(values)
        return self.Request.create(vals)

    def test_reference_from_sequence(self):
        request = self._request()
        self.assertRegex(request.name, r"^VA\d{4}-\d{4}$")

    def test_plan_one_prefilled_session(self):
        request = self._request()
        action = request.action_plan_sessions()
        session = request.session_ids
        self.assertEqual(len(session), 1)
        self.assertEqual(action["res_id"], session.id)
        self.assertEqual(request.state, "planned")
        self.assertEqual(request.user_id, self.planner)
        self.assertEqual(session.state, "draft")
        self.assertEqual(session.workshop_id, self.workshop)
        self.assertEqual(session.partner_id, self.org_a)
        self.assertEqual(session.contact_id, self.contact_a)
        self.assertEqual(session.municipality_id, self.assen)
        self.assertEqual(session.audience_id, self.audience)
        self.assertEqual(session.participant_count, 25)
        self.assertEqual(session.trainer_notes, "Class 3B")
        # The earliest window (20 October, morning, still summer time): 09:00
        # in Amsterdam is 07:00 UTC.
        self.assertEqual(session.start, local(2031, 10, 20, 9, 0))
        self.assertEqual(str(session.start), "2031-10-20 07:00:00")
        self.assertEqual(session.stop - session.start, timedelta(hours=1.5))
        self.assertFalse(session.calendar_event_id, "a draft is not in the calendars")
        # A second click opens the same sessions instead of creating more.
        request.action_plan_sessions()
        self.assertEqual(request.session_ids, session)

    def test_plan_several_sessions_for_a_large_group(self):
        request = self._request(
            participant_count=65,
            window_ids=[
                fields.Command.create(
                    {
                        "date_from": date(2031, 11, 4),
                        "date_to": date(2031, 11, 4),
                        "daypart": "afternoon",
                    }
                )
            ],
        )
        request.action_plan_sessions()
        sessions = request.session_ids.sorted("start")
        self.assertEqual(len(sessions), 3, "at most 30 participants per session")
        self.assertEqual(sessions.mapped("participant_count"), [22, 22, 21])
        # Back to back from 13:30 winter time (12:30 UTC).
        self.assertEqual(sessions[0].start, local(2031, 11, 4, 13, 30))
        self.assertEqual(str(sessions[0].start), "2031-11-04 12:30:00")
        self.assertEqual(sessions[1].start, sessions[0].stop)
        self.assertEqual(sessions[2].start, sessions[1].stop)

    def test_plan_then_assign_trainer_and_plan(self):
        request = self._request()
        request.action_plan_sessions()
        session = request.session_ids.with_user(self.planner)
        self.assertFalse(session.trainer_ids, "the planner assigns the trainers")
        with self.assertRaises(UserError):
            session.action_plan()
        session.trainer_ids = self.trainer
        session.action_plan()
        self.assertEqual(session.state, "planned")

    def test_declined_request_cannot_be_planned(self):
        request = self._request()
        wizard = Form(
            self.env["mdd.education.request.decline"]
            .with_user(self.planner)
            .with_context(default_request_id=request.id)
        )
        wizard.reason = "All trainers are booked in November."
        wizard.save().action_decline()
        self.assertEqual(request.state, "declined")
        self.assertEqual(request.decline_reason, "All trainers are booked in November.")
        mail = self.env["mail.mail"].search(
            [("model", "=", request._name), ("res_id", "=", request.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("All trainers are booked in November.", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.contact_a)
        with self.assertRaises(UserError):
            request.action_plan_sessions()
        with self.assertRaises(UserError):
            request._action_decline("twice")
        request.action_reset()
        self.assertEqual(request.state, "new")


@tagged("post_install", "-at_install")
class TestWebsiteRequest(VoorlichtingCommon, TransactionCase):
    """The checks behind the public form, without HTTP (see test_http)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        cls.Request = cls.env["mdd.education.request"].sudo()
        cls.future = fields.Date.to_string(fields.Date.today() + timedelta(days=30))

    def _form(self, **values):
        form = {
            "organisation_name": "Nieuwe School Roden",
            "organisation_type": "secondary_school",
            "contact_name": "Nina Nieuw",
            "email": "Nina@NieuweSchool.example.nl",
            "phone": "050 123 4567",
            "municipality_id": str(self.assen.id),
            "workshop_id": str(self.workshop.id),
            "audience_id": str(self.audience.id),
            "participant_count": "28",
            "window_1_from": self.future,
            "window_1_to": "",
            "window_1_daypart": "morning",
            "remarks": "",
        }
        form.update(values)
        return form

    def test_valid_form_creates_contacts_request_and_mail(self):
        values = self.Request._website_parse(self._form())
        request = self.Request._website_create(values, lang="nl_NL")
        self.assertEqual(request.source, "website")
        self.assertEqual(request.partner_id.name, "Nieuwe School Roden")
        self.assertTrue(request.partner_id.is_company)
        self.assertEqual(request.contact_id.parent_id, request.partner_id)
        self.assertEqual(request.contact_id.email, "nina@nieuweschool.example.nl")
        self.assertEqual(request.contact_id.lang, "nl_NL")
        self.assertEqual(len(request.window_ids), 1)
        self.assertEqual(request.window_ids.date_to, request.window_ids.date_from)
        mail = self.env["mail.mail"].search(
            [("model", "=", request._name), ("res_id", "=", request.id)]
        )
        self.assertEqual(mail.recipient_ids, request.contact_id)
        self.assertIn(request.name, mail.subject)

    def test_existing_contact_and_organisation_are_reused(self):
        values = self.Request._website_parse(
            self._form(email="ANNA@testschool.example.nl", organisation_name="Something else")
        )
        request = self.Request._website_create(values)
        self.assertEqual(request.contact_id, self.contact_a)
        self.assertEqual(request.partner_id, self.org_a)
        self.assertEqual(self.contact_a.name, "Anna Contact", "existing contacts are not changed")
        values = self.Request._website_parse(
            self._form(email="new.person@example.org", organisation_name="testteam meppel")
        )
        request = self.Request._website_create(values)
        self.assertEqual(request.partner_id, self.org_b)
        self.assertEqual(request.contact_id.parent_id, self.org_b)
        # A name with wildcards matches nothing but itself.
        values = self.Request._website_parse(
            self._form(email="wild@example.org", organisation_name="Test%")
        )
        request = self.Request._website_create(values)
        self.assertEqual(request.partner_id.name, "Test%")

    def _errors(self, **values):
        """The errors per field of the form with ``values`` changed."""
        with self.assertRaises(PublicInputError) as caught:
            self.Request._website_parse(self._form(**values))
        return caught.exception.errors

    def test_bad_input(self):
        today = fields.Date.today()
        cases = {
            "organisation_name": {"organisation_name": "  "},
            "organisation_type": {"organisation_type": "pirates"},
            "email": {"email": "not-an-email"},
            "phone": {"phone": "call me maybe"},
            "municipality_id": {"municipality_id": "abc"},
            "workshop_id": {"workshop_id": "999999999"},
            "audience_id": {"audience_id": ""},
            "participant_count": {"participant_count": "-3"},
            "window_1_from": {"window_1_from": fields.Date.to_string(today)},
            "window_1_to": {"window_1_to": fields.Date.to_string(today + timedelta(days=1))},
            "remarks": {"remarks": "x" * 2001},
        }
        for field, change in cases.items():
            with self.subTest(field=field):
                self.assertEqual(set(self._errors(**change)), {field})
        self.assertIn("window_1_from", self._errors(window_1_from="2031-02-30"))
        self.assertIn(
            "window_1_from", self._errors(window_1_from="", window_1_to=""), "at least one window"
        )
        unpublished = self.workshop.copy({"website_published": False})
        self.assertIn("workshop_id", self._errors(workshop_id=str(unpublished.id)))
        far = fields.Date.to_string(today + timedelta(days=800))
        self.assertIn("window_1_from", self._errors(window_1_from=far))
