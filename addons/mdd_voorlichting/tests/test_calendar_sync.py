# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import VoorlichtingCommon, local


@tagged("post_install", "-at_install")
class TestCalendarSync(VoorlichtingCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()

    def test_event_on_create(self):
        session = self._create_session(state="planned")
        event = session.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.start, session.start)
        self.assertEqual(event.stop, session.stop)
        self.assertEqual(event.location, "Schoolstraat 1, Assen")
        self.assertEqual(event.partner_ids, self.trainer.partner_id)
        self.assertEqual(event.attendee_ids.mapped("state"), ["accepted"])
        self.assertEqual(event.res_model, session._name)
        self.assertEqual(event.res_id, session.id)
        self.assertIn(self.org_a.name, event.name)
        self.assertFalse(session.activity_ids, "no meeting activity on the session")
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "calendar.event"), ("res_id", "=", event.id)]
            ),
            "no calendar invitation mails: trainers are assigned, not invited",
        )
        # The trainer finds it in their own calendar.
        mine = (
            self.env["calendar.event"]
            .with_user(self.trainer)
            .search([("partner_ids", "in", self.trainer.partner_id.ids)])
        )
        self.assertIn(event, mine)

    def test_no_event_for_drafts_until_planned(self):
        session = self._create_session()
        self.assertFalse(session.calendar_event_id)
        session.with_user(self.planner).action_plan()
        self.assertTrue(session.calendar_event_id)

    def test_event_follows_changes(self):
        session = self._create_session(state="planned").with_user(self.planner)
        event = session.calendar_event_id
        session.write(
            {
                "start": local(2031, 3, 11, 13, 0),
                "location": "Gymzaal",
                "trainer_ids": [fields.Command.set((self.trainer | self.trainer_2).ids)],
            }
        )
        self.assertEqual(session.calendar_event_id, event, "the same event is updated")
        self.assertEqual(event.start, local(2031, 3, 11, 13, 0))
        self.assertEqual(event.stop, local(2031, 3, 11, 14, 30))
        self.assertEqual(event.location, "Gymzaal")
        self.assertEqual(event.partner_ids, (self.trainer | self.trainer_2).partner_id)
        self.assertEqual(set(event.attendee_ids.mapped("state")), {"accepted"})
        session.trainer_ids = [fields.Command.unlink(self.trainer.id)]
        self.assertEqual(event.partner_ids, self.trainer_2.partner_id)
        self.assertIn(self.trainer_2.partner_id, session.message_partner_ids, "trainers follow")

    def test_event_removed_on_cancel_and_draft(self):
        session = self._create_session(state="planned").with_user(self.planner)
        event = session.calendar_event_id
        session._action_cancel("Closed")
        self.assertFalse(session.calendar_event_id)
        self.assertFalse(event.exists())
        session.action_draft()
        session.action_plan()
        event = session.calendar_event_id
        self.assertTrue(event)
        session.action_draft()
        self.assertFalse(event.exists())

    def test_event_removed_with_session(self):
        session = self._create_session(state="planned")
        event = session.calendar_event_id
        session.with_user(self.planner).unlink()
        self.assertFalse(event.exists())
