# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import VoorlichtingCommon, local


@tagged("post_install", "-at_install")
class TestSessionStates(VoorlichtingCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()

    def _mails(self, session):
        return self.env["mail.mail"].search(
            [("model", "=", session._name), ("res_id", "=", session.id)], order="id"
        )

    def test_plan_needs_enough_trainers(self):
        session = self._create_session(workshop_id=self.workshop_duo.id)
        with self.assertRaises(UserError):
            session.with_user(self.planner).action_plan()
        session.with_user(self.planner).trainer_ids = [fields.Command.link(self.trainer_2.id)]
        session.with_user(self.planner).action_plan()
        self.assertEqual(session.state, "planned")

    def test_plan_sends_invitation_with_ics(self):
        session = self._create_session()
        session.with_user(self.planner).action_plan()
        self.assertTrue(session.access_token)
        mail = self._mails(session)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.contact_a)
        self.assertIn(session.get_portal_url(), mail.body_html)
        ics = mail.attachment_ids
        self.assertEqual(ics.mimetype, "text/calendar")
        content = ics.raw.decode()
        self.assertIn("BEGIN:VEVENT", content)
        self.assertIn("DTSTART:20310304T080000Z", content, "09:00 Amsterdam is 08:00 UTC in March")
        self.assertNotIn(self.trainer.email, content, "trainers' addresses are not handed out")

    def test_state_rules(self):
        planner_session = self._create_session().with_user(self.planner)
        for action in ("action_confirm", "action_done", "action_evaluate", "action_draft"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(planner_session, action)()
        planner_session.action_plan()
        with self.assertRaises(UserError):
            planner_session.action_plan()
        with self.assertRaises(UserError, msg="not started yet"):
            planner_session.action_done()
        planner_session.action_confirm()
        self.assertEqual(planner_session.state, "confirmed")
        # Once it took place.
        planner_session.write(
            {
                "start": fields.Datetime.now() - timedelta(hours=3),
                "stop": fields.Datetime.now() - timedelta(hours=1),
            }
        )
        planner_session.with_user(self.trainer).action_done()
        self.assertEqual(planner_session.state, "done")
        with self.assertRaises(UserError, msg="no rating yet"):
            planner_session.action_evaluate()
        planner_session.evaluation_rating = "4"
        planner_session.action_evaluate()
        self.assertEqual(planner_session.state, "evaluated")
        self.assertTrue(planner_session.evaluation_date)
        with self.assertRaises(UserError, msg="given sessions count in the figures"):
            planner_session.unlink()
        with self.assertRaises(UserError):
            planner_session.action_open_cancel_wizard()
        with self.assertRaises(UserError):
            planner_session._action_cancel("too late")

    def test_cancel_wizard_and_reset(self):
        session = self._create_session().with_user(self.planner)
        session.action_plan()
        action = session.action_open_cancel_wizard()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.planner).with_context(**action["context"])
        )
        wizard.reason = "The trainer is ill."
        wizard.save().action_cancel()
        self.assertEqual(session.state, "cancelled")
        self.assertEqual(session.cancel_reason, "The trainer is ill.")
        mails = self._mails(session)
        self.assertEqual(
            set(mails.mapped("recipient_ids").ids),
            {self.contact_a.id, self.trainer.partner_id.id},
            "organisation (invitation, cancellation) and trainer are told",
        )
        self.assertTrue(any("The trainer is ill." in body for body in mails.mapped("body_html")))
        session.action_draft()
        self.assertEqual(session.state, "draft")
        self.assertFalse(session.cancel_reason)

    def test_trainer_cannot_replan(self):
        session = self._create_session(state="planned")
        as_trainer = session.with_user(self.trainer)
        as_trainer.write({"participant_count_actual": 22, "trainer_notes": "Projector broken"})
        for values in (
            {"start": local(2031, 3, 5, 9, 0)},
            {"trainer_ids": [fields.Command.clear()]},
            {"state": "evaluated"},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                as_trainer.write(values)
        for action in (
            "action_plan",
            "action_confirm",
            "action_draft",
            "action_open_cancel_wizard",
        ):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(as_trainer, action)()
        other = self._create_session(
            start=local(2031, 3, 6, 9, 0),
            trainer_ids=[fields.Command.set(self.trainer_2.ids)],
            state="planned",
        )
        with self.assertRaises(AccessError):
            other.with_user(self.trainer).action_done()

    def test_reminder_cron(self):
        now = fields.Datetime.now()
        soon = self._create_session(start=now + timedelta(days=1, hours=12), state="confirmed")
        later = self._create_session(start=now + timedelta(days=5), state="planned")
        draft = self._create_session(start=now + timedelta(days=1, hours=20))
        self.Session._cron_send_trainer_reminders()
        self.assertTrue(soon.reminder_sent)
        self.assertFalse(later.reminder_sent)
        self.assertFalse(draft.reminder_sent)
        reminder = self._mails(soon)
        self.assertEqual(reminder.recipient_ids, self.trainer.partner_id)
        self.assertIn(soon.partner_id.name, reminder.body_html)
        # Not twice; again when the session is moved.
        self.Session._cron_send_trainer_reminders()
        self.assertEqual(len(self._mails(soon)), 1)
        soon.with_user(self.planner).start = now + timedelta(days=1, hours=14)
        self.assertFalse(soon.reminder_sent)

    def test_evaluation_cron_the_day_after(self):
        now = fields.Datetime.now()
        yesterday = self._create_session(
            start=now - timedelta(days=1, hours=3),
            stop=now - timedelta(days=1, hours=1),
            state="confirmed",
        )
        just_now = self._create_session(
            start=now - timedelta(minutes=5), stop=now - timedelta(minutes=1), state="confirmed"
        )
        planned = self._create_session(
            start=now - timedelta(days=2, hours=3),
            stop=now - timedelta(days=2, hours=1),
            state="planned",
        )
        # Run "tomorrow morning" relative to `just_now` to see the day rule.
        self.Session._cron_request_evaluations()
        self.assertEqual(yesterday.state, "done")
        self.assertTrue(yesterday.evaluation_requested)
        mail = self._mails(yesterday)
        self.assertEqual(mail.recipient_ids, self.contact_a)
        self.assertIn("access_token", mail.body_html)
        self.assertIn("#evaluation", mail.body_html)
        self.assertEqual(just_now.state, "confirmed", "asked the day after, not the same day")
        self.assertFalse(
            planned.evaluation_requested, "unconfirmed sessions are left to the planner"
        )
        tomorrow = now + timedelta(days=1)
        with patch.object(fields.Datetime, "now", return_value=tomorrow):
            self.Session._cron_request_evaluations()
        self.assertEqual(just_now.state, "done")

    def test_portal_cancel_deadline(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "mdd_voorlichting.cancel_deadline_days", "10"
        )
        now = fields.Datetime.now()
        near = self._create_session(start=now + timedelta(days=9), state="confirmed")
        far = self._create_session(start=now + timedelta(days=11), state="planned")
        with self.assertRaises(UserError) as caught:
            near.sudo()._portal_cancel("")
        self.assertIn("10", str(caught.exception))
        self.assertEqual(near.state, "confirmed")
        far.sudo()._portal_cancel("We have a school trip")
        self.assertEqual(far.state, "cancelled")
        self.assertFalse(far.calendar_event_id)
        activity = far.activity_ids
        self.assertEqual(activity.user_id, self.planner, "the planner is told to follow up")

    def test_portal_evaluation_checks(self):
        now = fields.Datetime.now()
        session = self._create_session(start=now + timedelta(days=3), state="planned").sudo()
        with self.assertRaises(UserError):
            session._portal_evaluate("5", "", "", "20")
        session.with_user(self.planner).write(
            {"start": now - timedelta(hours=3), "stop": now - timedelta(hours=1)}
        )
        for args in (
            ("6", "", "", "20"),
            ("", "", "", "20"),
            ("5", "", "", "twenty"),
            ("5", "", "", "5000"),
            ("5", "x" * 2001, "", "20"),
        ):
            with self.subTest(args=args), self.assertRaises(UserError):
                session._portal_evaluate(*args)
        self.assertEqual(session.state, "planned")
        session._portal_evaluate("4", "Good examples", "More time", "19")
        self.assertEqual(session.state, "evaluated")
        self.assertEqual(session.evaluation_rating, "4")
        self.assertEqual(session.participant_count_actual, 19)
        self.assertEqual(session.evaluation_good, "Good examples")
        with self.assertRaises(UserError):
            session._portal_evaluate("5", "", "", "19")


@tagged("post_install", "-at_install")
class TestSessionPermissions(VoorlichtingCommon, TransactionCase):
    """The checks test the acting user: sudo() does not make a trainer a planner."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()

    def test_trainer_is_refused_with_and_without_sudo(self):
        Session = self.Session.with_user(self.trainer)
        self.assertFalse(Session.sudo()._is_planner())
        self.assertFalse(self.Session._is_planner(self.trainer))
        self.assertTrue(Session._is_planner(self.planner))
        planned = self._create_session(state="planned")
        now = fields.Datetime.now()
        given = self._create_session(
            start=now - timedelta(hours=3), stop=now - timedelta(hours=1), state="confirmed"
        )
        for sudo in (False, True):
            with self.subTest(sudo=sudo):
                as_trainer = planned.with_user(self.trainer).sudo(sudo)
                with self.assertRaises(AccessError):
                    as_trainer.action_confirm()
                # Tessa is a trainer, but not of this session.
                as_other = given.with_user(self.trainer_2).sudo(sudo)
                with self.assertRaises(AccessError):
                    as_other.action_done()
        self.assertEqual(planned.state, "planned")
        self.assertEqual(given.state, "confirmed")
        # The right users still can.
        planned.with_user(self.planner).action_confirm()
        self.assertEqual(planned.state, "confirmed")
        given.with_user(self.trainer).action_done()
        self.assertEqual(given.state, "done")
