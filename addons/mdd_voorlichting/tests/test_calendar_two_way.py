# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import VoorlichtingCommon, local


@tagged("post_install", "-at_install")
class TestCalendarTwoWay(VoorlichtingCommon, TransactionCase):
    """Moving a session's event in the Calendar app moves the session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        # Tuesday 4 March 2031, 09:00-10:30, trainer Tim.
        cls.session = cls._create_session(state="confirmed")
        # Same day 13:00-14:30, trainer Tim.
        cls.other = cls._create_session(start=local(2031, 3, 4, 13, 0), state="planned")

    def _event(self, user):
        return self.session.calendar_event_id.with_user(user)

    def _assert_times(self, start, stop):
        self.env.invalidate_all()
        self.assertEqual((self.session.start, self.session.stop), (start, stop))
        event = self.session.calendar_event_id
        self.assertEqual((event.start, event.stop), (start, stop))

    def test_moving_the_event_moves_the_session(self):
        self._event(self.planner).write(
            {"start": local(2031, 3, 4, 10, 0), "stop": local(2031, 3, 4, 11, 30)}
        )
        self._assert_times(local(2031, 3, 4, 10, 0), local(2031, 3, 4, 11, 30))
        self.assertEqual(self.session.state, "confirmed")
        note = self.session.message_ids[0]
        self.assertIn("Petra Planner", note.body, "the move is noted in the chatter")

    def test_resizing_the_event_resizes_the_session(self):
        self._event(self.planner).write({"duration": 2.0})
        self._assert_times(local(2031, 3, 4, 9, 0), local(2031, 3, 4, 11, 0))

    def test_move_across_dst(self):
        # Sunday 30 March 2031 the clocks go forward: 09:00 local is 07:00 UTC.
        self._event(self.planner).write(
            {"start": local(2031, 4, 1, 9, 0), "stop": local(2031, 4, 1, 10, 30)}
        )
        self._assert_times(local(2031, 4, 1, 9, 0), local(2031, 4, 1, 10, 30))
        self.assertEqual(self.session.start.hour, 7)

    def test_move_into_a_conflict_is_refused_and_both_keep_their_times(self):
        before = (self.session.start, self.session.stop)
        with self.assertRaises(ValidationError) as caught:
            self._event(self.planner).write(
                {"start": local(2031, 3, 4, 12, 30), "stop": local(2031, 3, 4, 14, 0)}
            )
        message = str(caught.exception)
        self.assertIn("cannot be moved", message)
        self.assertIn(self.other.name, message, "the reason names the clash")
        self.assertIn("13:00 - 14:30", message)
        self._assert_times(*before)
        self.assertEqual(
            (self.other.start, self.other.stop),
            (local(2031, 3, 4, 13, 0), local(2031, 3, 4, 14, 30)),
        )

    def test_trainer_cannot_move_the_session_from_the_calendar(self):
        before = (self.session.start, self.session.stop)
        event = self._event(self.trainer)
        self.assertTrue(event.has_access("read"))
        with self.assertRaises(AccessError):
            event.write({"start": local(2031, 3, 4, 10, 0), "stop": local(2031, 3, 4, 11, 30)})
        self._assert_times(*before)

    def test_trainer_may_still_edit_what_is_not_the_time(self):
        # A reminder of one's own is not a move.
        self._event(self.trainer).write({"alarm_ids": [fields.Command.clear()]})
        self._assert_times(local(2031, 3, 4, 9, 0), local(2031, 3, 4, 10, 30))

    def test_all_day_is_refused(self):
        with self.assertRaises(UserError):
            self._event(self.planner).write({"allday": True})
        self._assert_times(local(2031, 3, 4, 9, 0), local(2031, 3, 4, 10, 30))

    def test_given_session_keeps_its_time(self):
        self.session.sudo().state = "done"
        with self.assertRaises(UserError):
            self._event(self.planner).write({"start": local(2031, 3, 4, 8, 0)})
        self._assert_times(local(2031, 3, 4, 9, 0), local(2031, 3, 4, 10, 30))

    def test_deleting_or_archiving_the_event_is_refused(self):
        event = self._event(self.planner)
        with self.assertRaises(UserError) as caught:
            event.unlink()
        self.assertIn(self.session.name, str(caught.exception))
        with self.assertRaises(UserError):
            event.action_archive()
        self.assertTrue(event.exists())
        self.assertTrue(event.active)
        self.assertEqual(self.session.state, "confirmed")
        # The way to remove it: cancel the session, the event follows.
        self.session.with_user(self.planner)._action_cancel("Moved to next year")
        self.assertFalse(event.exists())

    def test_other_events_are_untouched(self):
        event = self.env["calendar.event"].create(
            {
                "name": "Team meeting",
                "start": local(2031, 3, 5, 9, 0),
                "stop": local(2031, 3, 5, 10, 0),
            }
        )
        event.with_user(self.planner).write({"start": local(2031, 3, 5, 11, 0)})
        event.unlink()
        self.assertFalse(event.exists())
