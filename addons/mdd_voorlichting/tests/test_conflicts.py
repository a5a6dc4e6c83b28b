# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import VoorlichtingCommon, local


@tagged("post_install", "-at_install")
class TestTrainerConflicts(VoorlichtingCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        # Tuesday 4 March 2031, 09:00-10:30 Amsterdam time, trainer Tim.
        cls.first = cls._create_session(state="planned")

    def test_overlap_is_refused_and_names_the_clash(self):
        with self.assertRaises(ValidationError) as caught:
            self._create_session(start=local(2031, 3, 4, 10, 0), state="planned")
        message = str(caught.exception)
        self.assertIn("Tim Trainer", message)
        self.assertIn(self.first.name, message)
        self.assertIn("09:00 - 10:30", message, "the clash is named in local time")

    def test_overlap_by_moving_or_adding_a_trainer(self):
        other = self._create_session(
            start=local(2031, 3, 4, 9, 30),
            trainer_ids=[fields.Command.set(self.trainer_2.ids)],
            state="planned",
        )
        with self.assertRaises(ValidationError):
            other.with_user(self.planner).trainer_ids = [fields.Command.link(self.trainer.id)]
        later = self._create_session(start=local(2031, 3, 4, 14, 0), state="confirmed")
        with self.assertRaises(ValidationError):
            later.with_user(self.planner).start = local(2031, 3, 4, 10, 15)

    def test_adjacent_sessions_are_fine(self):
        before = self._create_session(
            start=local(2031, 3, 4, 7, 30), stop=local(2031, 3, 4, 9, 0), state="planned"
        )
        after = self._create_session(start=local(2031, 3, 4, 10, 30), state="confirmed")
        self.assertEqual(before.stop, self.first.start)
        self.assertEqual(after.start, self.first.stop)
        self.assertFalse(after.conflict_warning)

    def test_draft_and_cancelled_sessions_do_not_block(self):
        draft = self._create_session(start=local(2031, 3, 4, 10, 0))
        self.assertEqual(draft.state, "draft")
        self.assertIn(self.first.name, draft.conflict_warning, "a draft still shows the clash")
        self.first.with_user(self.planner)._action_cancel("test")
        draft.with_user(self.planner).action_plan()
        self.assertEqual(draft.state, "planned")

    def test_unavailability_blocks(self):
        self.env["mdd.trainer.unavailability"].with_user(self.trainer).create(
            {
                "reason": "leave",
                "name": "Vacation",
                "start": local(2031, 3, 10, 0, 0),
                "stop": local(2031, 3, 14, 23, 59),
            }
        )
        with self.assertRaises(ValidationError) as caught:
            self._create_session(start=local(2031, 3, 12, 13, 0), state="planned")
        self.assertIn("Vacation", str(caught.exception))
        # Other trainers are not affected.
        self._create_session(
            start=local(2031, 3, 12, 13, 0),
            trainer_ids=[fields.Command.set(self.trainer_2.ids)],
            state="planned",
        )

    def test_confirming_a_planned_session_does_not_check_again(self):
        # Planned and confirmed both book the trainer. When the trainer adds an
        # unavailability after planning, the organisation can still confirm,
        # and reads nothing of the trainer's calendar; the planner sees the
        # clash in the form.
        self.env["mdd.trainer.unavailability"].with_user(self.trainer).create(
            {
                "reason": "other",
                "name": "Tandarts",
                "start": local(2031, 3, 4, 9, 0),
                "stop": local(2031, 3, 4, 10, 0),
            }
        )
        self.first._portal_confirm()
        self.assertEqual(self.first.state, "confirmed")
        self.assertIn("Tandarts", self.first.conflict_warning)
        # Back to planned is no new booking either; a new time is.
        self.first.with_user(self.planner).write({"state": "planned"})
        with self.assertRaises(ValidationError):
            self.first.with_user(self.planner).write(
                {"state": "confirmed", "start": local(2031, 3, 4, 9, 15)}
            )

    def test_booking_touches_the_trainers_rows(self):
        # The row update that serialises concurrent bookings of a trainer
        # (tests/test_concurrency.py shows the race it prevents); none when
        # only planned becomes confirmed.
        queries = []
        execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            queries.append(str(query))
            return execute(cr, query, params, log_exceptions)

        def locks():
            found = [q for q in queries if q.startswith("UPDATE res_users SET write_date")]
            queries.clear()
            return bool(found)

        with patch.object(type(self.env.cr), "execute", spy):
            session = self._create_session(start=local(2031, 3, 4, 11, 0), state="planned")
            self.assertTrue(locks())
            session.with_user(self.planner).action_confirm()
            self.env.flush_all()
            self.assertFalse(locks())
            session.with_user(self.planner).start = local(2031, 3, 4, 12, 0)
            self.env.flush_all()
            self.assertTrue(locks())

    def test_resource_leave_blocks(self):
        resource = self.env["resource.resource"].create(
            {"name": self.trainer.name, "user_id": self.trainer.id, "resource_type": "user"}
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Time off",
                "resource_id": resource.id,
                "date_from": local(2031, 4, 1, 0, 0),
                "date_to": local(2031, 4, 2, 0, 0),
            }
        )
        with self.assertRaises(ValidationError) as caught:
            self._create_session(start=local(2031, 4, 1, 9, 0), state="planned")
        self.assertIn("Time off", str(caught.exception))

    def test_busy_calendar_event_blocks_free_and_declined_do_not(self):
        Event = self.env["calendar.event"].with_context(no_mail_to_attendees=True)
        busy = Event.create(
            {
                "name": "Team meeting",
                "start": local(2031, 5, 6, 10, 0),
                "stop": local(2031, 5, 6, 11, 0),
                "partner_ids": [fields.Command.set(self.trainer.partner_id.ids)],
                "show_as": "busy",
            }
        )
        Event.create(
            {
                "name": "Lunch walk",
                "start": local(2031, 5, 7, 10, 0),
                "stop": local(2031, 5, 7, 11, 0),
                "partner_ids": [fields.Command.set(self.trainer.partner_id.ids)],
                "show_as": "free",
            }
        )
        declined = Event.create(
            {
                "name": "Optional talk",
                "start": local(2031, 5, 8, 10, 0),
                "stop": local(2031, 5, 8, 11, 0),
                "partner_ids": [fields.Command.set(self.trainer.partner_id.ids)],
            }
        )
        declined.attendee_ids.write({"state": "declined"})
        with self.assertRaises(ValidationError) as caught:
            self._create_session(start=local(2031, 5, 6, 10, 30), state="planned")
        self.assertIn(busy.name, str(caught.exception))
        self._create_session(start=local(2031, 5, 7, 10, 0), state="planned")
        self._create_session(start=local(2031, 5, 8, 10, 0), state="planned")

    def test_private_event_is_not_revealed(self):
        self.env["calendar.event"].with_user(self.trainer).with_context(
            no_mail_to_attendees=True
        ).create(
            {
                "name": "Doctor appointment",
                "start": local(2031, 5, 13, 10, 0),
                "stop": local(2031, 5, 13, 11, 0),
                "partner_ids": [fields.Command.set(self.trainer.partner_id.ids)],
                "privacy": "private",
            }
        )
        with self.assertRaises(ValidationError) as caught:
            self._create_session(start=local(2031, 5, 13, 10, 0), state="planned")
        self.assertNotIn("Doctor", str(caught.exception))

    def test_session_own_event_does_not_clash(self):
        self.assertTrue(self.first.calendar_event_id)
        self.first.with_user(self.planner).stop = local(2031, 3, 4, 11, 0)
        self.assertFalse(self.first.conflict_warning)

    def test_same_batch_clash(self):
        with self.assertRaises(ValidationError):
            self.Session.with_user(self.planner).create(
                [
                    self._session_values(start=local(2031, 6, 3, 9, 0), state="planned"),
                    self._session_values(start=local(2031, 6, 3, 10, 0), state="planned"),
                ]
            )

    def test_daylight_saving_change(self):
        # Sunday 26 October 2031: at 03:00 summer time clocks go back to 02:00.
        # 00:30 CEST is 22:30 UTC; 03:30 CET is 02:30 UTC: four hours, although
        # the wall clock shows three.
        start = local(2031, 10, 26, 0, 30)
        stop = local(2031, 10, 26, 3, 30)
        self.assertEqual(str(start), "2031-10-25 22:30:00")
        self.assertEqual(str(stop), "2031-10-26 02:30:00")
        night = self._create_session(start=start, stop=stop, state="planned")
        self.assertEqual((night.stop - night.start).total_seconds(), 4 * 3600)
        # The repeated hour 02:00-03:00 is ambiguous; read as winter time it
        # is 01:00-02:00 UTC, inside the session.
        with self.assertRaises(ValidationError):
            self._create_session(
                start=local(2031, 10, 26, 2, 15), stop=local(2031, 10, 26, 2, 45), state="planned"
            )
        # Right after it ends (03:30 winter time) is adjacent, so fine.
        self._create_session(start=stop, state="planned")
        # A day session the same Sunday and one the day before keep their
        # local 09:00 start though the UTC offset changed.
        sunday = self._create_session(start=local(2031, 10, 26, 9, 0), state="planned")
        saturday = self._create_session(start=local(2031, 10, 25, 9, 0), state="planned")
        self.assertEqual(str(sunday.start), "2031-10-26 08:00:00")
        self.assertEqual(str(saturday.start), "2031-10-25 07:00:00")
        self.assertIn("09:00 - 10:30", sunday.with_context(lang="en_US").period_display)
        self.assertIn("09:00 - 10:30", saturday.with_context(lang="en_US").period_display)

    def test_form_shows_conflict_before_saving(self):
        form = Form(self.Session.with_user(self.planner))
        form.workshop_id = self.workshop
        form.partner_id = self.org_b
        form.municipality_id = self.meppel
        form.start = local(2031, 3, 4, 9, 45)
        self.assertFalse(form.conflict_warning, "no trainer, no conflict")
        form.trainer_ids.add(self.trainer)
        self.assertIn(self.first.name, form.conflict_warning)
        self.assertEqual(form.stop, local(2031, 3, 4, 11, 15), "stop follows the workshop duration")
        # In Meppel, after the travel time from the session in Assen.
        form.start = local(2031, 3, 4, 11, 15)
        self.assertFalse(form.conflict_warning)
        session = form.save()
        self.assertEqual(session.state, "draft")

    def _count_check_queries(self, trainers, start, stop):
        Session = self.Session.with_user(self.planner)
        Session._find_trainer_conflicts(trainers, start, stop)  # warm the caches
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        conflicts = Session._find_trainer_conflicts(trainers, start, stop)
        return self.cr.sql_log_count - before, conflicts

    def test_conflict_check_does_not_grow_with_the_number_of_sessions(self):
        # One search per kind of clash (sessions, unavailability, leaves,
        # calendar events), whatever the number of sessions in the database.
        trainers = self.trainer | self.trainer_2
        start, stop = local(2031, 3, 4, 9, 30), local(2031, 3, 4, 10, 0)
        few, conflicts = self._count_check_queries(trainers, start, stop)
        self.assertEqual(len(conflicts), 1)
        self.Session.with_user(self.planner).create(
            [
                self._session_values(
                    start=local(2031, 8, 1, 8, 0) + self._hours(2 * index),
                    trainer_ids=[fields.Command.set(trainers.ids)],
                    state="planned",
                )
                for index in range(40)
            ]
        )
        many, conflicts = self._count_check_queries(trainers, start, stop)
        self.assertEqual(len(conflicts), 1)
        self.assertEqual(few, many)
        self.assertLessEqual(many, 15)
