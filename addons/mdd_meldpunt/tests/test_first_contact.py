# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The first-contact deadline: working days on the bureau's calendar, public
holidays as leaves, pauses while waiting for the complainant, the overdue
filter, the dashboard count and the reminder."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.addons.mdd_base.tools.timezone import local_day_start_utc
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import MddCase, setup_bureaus

TZ = "Europe/Amsterdam"


def set_registration(report, when):
    """Backdate the registration (``create_date``, which the ORM only lets
    data files set) of ``report`` to the UTC datetime ``when``."""
    report.flush_recordset()
    report.env.cr.execute(
        "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s", [when, report.id]
    )
    report.invalidate_recordset(["create_date"])
    report.env.add_to_compute(report._fields["mdd_first_contact_deadline"], report)
    return report


class TestFirstContact(MddCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # A calendar of the bureau's own (Monday to Friday, office hours) with
        # the holidays these tests cross. Holidays a profile ships for every
        # calendar fall on the same days or outside the periods used here.
        cls.calendar = env["resource.calendar"].create({"name": "Testmeldpunt", "tz": TZ})
        cls.team_mdd.resource_calendar_id = cls.calendar
        cls.team_emmen.resource_calendar_id = cls.calendar
        for day in (date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1), date(2027, 4, 27)):
            cls._holiday(day)
        cls.stage_waiting = env.ref("mdd_meldpunt.stage_waiting_complainant")
        cls.stage_intake = env.ref("mdd_meldpunt.stage_intake")
        cls.action_type_registration = env.ref("mdd_meldpunt.action_type_registratie")
        cls.team_mdd.user_ids = [(4, cls.coordinator.id)]

    @classmethod
    def _holiday(cls, day, calendar=None):
        return cls.env["resource.calendar.leaves"].create(
            {
                "name": "Feestdag",
                "calendar_id": (calendar or cls.calendar).id,
                "date_from": local_day_start_utc(day, TZ),
                "date_to": local_day_start_utc(day + timedelta(days=1), TZ) - timedelta(seconds=1),
            }
        )

    def _registered(self, day, contact=True, **vals):
        """A report registered in the morning (bureau time) of ``day``."""
        complainant = self._create_complainant(
            name="Melder", residence_municipality_id=self.assen.id, consent_contact=contact
        )
        report = self._create_report(complainant, **vals)
        return set_registration(report, local_day_start_utc(day, TZ) + timedelta(hours=9))

    # ------------------------------------------------------------------
    # Counting working days
    # ------------------------------------------------------------------

    def test_deadline_counts_working_days(self):
        """Ten working days after a Friday: the weekends do not count."""
        report = self._registered(date(2027, 3, 5))
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 19))

    def test_deadline_skips_kings_day(self):
        """Koningsdag (Tuesday 27 April 2027) is no working day."""
        report = self._registered(date(2027, 4, 19))
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 5, 4))

    def test_deadline_skips_christmas_and_new_year(self):
        """Registered on Wednesday 23 December 2026: Christmas Day, a weekend
        with Boxing Day, New Year's Day and another weekend go by."""
        report = self._registered(date(2026, 12, 23))
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 1, 8))

    def test_day_of_registration_in_bureau_time(self):
        """Registered at 00:30 in Amsterdam (still the day before in UTC):
        the registration day is the Amsterdam day."""
        complainant = self._create_complainant(name="Melder", consent_contact=True)
        registered = local_day_start_utc(date(2027, 3, 8), TZ).replace(minute=30)
        self.assertEqual(registered.day, 7)  # Sunday in UTC
        report = set_registration(self._create_report(complainant), registered)
        # From Monday 8 March: ten working days later is Monday 22 March.
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 22))

    def test_new_holiday_moves_open_deadlines(self):
        report = self._registered(date(2027, 3, 5))
        contacted = self._registered(date(2027, 3, 5))
        self._add_action(contacted, self.action_type_intake, date(2027, 3, 8))
        leave = self._holiday(date(2027, 3, 10))
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 22))
        leave.unlink()
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 19))
        # A holiday of another calendar does not count.
        other = self.env["resource.calendar"].create({"name": "Ander meldpunt", "tz": TZ})
        self._holiday(date(2027, 3, 10), calendar=other)
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 19))

    def test_days_per_bureau(self):
        self.team_mdd.mdd_first_contact_days = 5
        report = self._registered(date(2027, 3, 5))
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 12))
        self.team_mdd.mdd_first_contact_days = 0
        self.assertFalse(self._registered(date(2027, 3, 5)).mdd_first_contact_deadline)
        with self.assertRaises(ValidationError):
            self.team_mdd.mdd_first_contact_days = -1

    def test_calendar_of_the_bureau(self):
        """A bureau open four days a week counts only those days."""
        four_days = self.env["resource.calendar"].create(
            {
                "name": "Vier dagen",
                "tz": TZ,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Dag {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                        },
                    )
                    for day in range(4)
                ],
            }
        )
        self.team_mdd.resource_calendar_id = four_days
        report = self._registered(date(2027, 3, 5))
        # Monday to Thursday: 8-11, 15-18, 22-23 March.
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 23))

    def test_no_deadline_without_wish_for_contact(self):
        report = self._registered(date(2027, 3, 5), contact=False)
        self.assertFalse(report.mdd_first_contact_deadline)
        self.assertEqual(report.mdd_first_contact_state, "none")
        self.assertFalse(self._create_report(name="Anoniem").mdd_first_contact_deadline)
        # When the complainant asks for contact later, the deadline appears.
        report.complainant_id.consent_contact = True
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 19))

    # ------------------------------------------------------------------
    # Stop, pause, overdue
    # ------------------------------------------------------------------

    def _add_action(self, report, action_type, day):
        return self.env["mdd.report.action"].create(
            {"report_id": report.id, "type_id": action_type.id, "date": day}
        )

    def _overdue(self):
        return self.env["helpdesk.ticket"].search([("mdd_first_contact_overdue", "=", True)])

    def test_clock_stops_at_first_contact(self):
        report = self._registered(date(2027, 3, 5))
        with freeze_time("2027-03-22 10:00:00"):
            self.env.invalidate_all()
            self.assertTrue(report.mdd_first_contact_overdue)
            self.assertIn(report, self._overdue())
            # Registering only is no contact.
            self._add_action(report, self.action_type_registration, date(2027, 3, 22))
            self.assertEqual(report.mdd_first_contact_state, "running")
            self.assertIn(report, self._overdue())
            self._add_action(report, self.action_type_intake, date(2027, 3, 22))
            self.assertEqual(report.mdd_first_contact_date, date(2027, 3, 22))
            self.assertEqual(report.mdd_first_contact_state, "done")
            self.assertFalse(report.mdd_first_contact_overdue)
            self.assertNotIn(report, self._overdue())
            self.assertIn(
                report,
                self.env["helpdesk.ticket"].search([("mdd_first_contact_overdue", "=", False)]),
            )

    def test_pause_and_resume(self):
        report = self._registered(date(2027, 3, 5))
        with freeze_time("2027-03-10 11:00:00"):
            self.env.invalidate_all()
            report.with_user(self.handler).stage_id = self.stage_waiting
            self.assertEqual(report.mdd_first_contact_pause_start, date(2027, 3, 10))
        with freeze_time("2027-03-22 11:00:00"):
            self.env.invalidate_all()
            # Past the original deadline, but waiting for the complainant.
            self.assertEqual(report.mdd_first_contact_state, "paused")
            self.assertFalse(report.mdd_first_contact_overdue)
            self.assertNotIn(report, self._overdue())
        with freeze_time("2027-03-15 16:00:00"):
            self.env.invalidate_all()
            report.with_user(self.handler).stage_id = self.stage_intake
        # Thursday 11, Friday 12 and Monday 15 March were waited: three
        # working days later than 19 March.
        self.assertEqual(report.mdd_first_contact_paused_days, 3)
        self.assertFalse(report.mdd_first_contact_pause_start)
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 24))
        with freeze_time("2027-03-24 16:00:00"):
            self.env.invalidate_all()
            self.assertEqual(report.mdd_first_contact_state, "running")
            self.assertFalse(report.mdd_first_contact_overdue)
            self.assertNotIn(report, self._overdue())
        with freeze_time("2027-03-25 08:00:00"):
            self.env.invalidate_all()
            self.assertTrue(report.mdd_first_contact_overdue)
            self.assertIn(report, self._overdue())
        # A second pause adds to the first: Wednesday 31 March.
        with freeze_time("2027-03-30 09:00:00"):
            self.env.invalidate_all()
            report.stage_id = self.stage_waiting
        with freeze_time("2027-03-31 09:00:00"):
            self.env.invalidate_all()
            report.stage_id = self.stage_intake
        self.assertEqual(report.mdd_first_contact_paused_days, 4)
        self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 25))

    def test_closed_report_is_not_overdue(self):
        report = self._registered(date(2027, 3, 5))
        report.write({**self._complete_registration(), "outcome_id": self.outcome_advice.id})
        report.stage_id = self.stage_closed
        with freeze_time("2027-04-01 10:00:00"):
            self.env.invalidate_all()
            self.assertEqual(report.mdd_first_contact_state, "stopped")
            self.assertNotIn(report, self._overdue())

    def test_overdue_filter_is_exact(self):
        """The filter agrees with the field, day by day, for every report."""
        reports = (
            self._registered(date(2027, 3, 5))
            | self._registered(date(2027, 3, 8))
            | self._registered(date(2027, 3, 5), contact=False)
        )
        Ticket = self.env["helpdesk.ticket"]
        expected = {
            "2027-03-19": Ticket,
            "2027-03-20": reports[0],
            "2027-03-22": reports[0],
            "2027-03-23": reports[0] | reports[1],
        }
        for day, overdue in expected.items():
            with self.subTest(day=day), freeze_time(f"{day} 12:00:00"):
                reports.invalidate_recordset()
                self.assertEqual(self._overdue() & reports, overdue)
                self.assertEqual(reports.filtered("mdd_first_contact_overdue"), overdue)
                everything = Ticket.search([])
                self.assertEqual(self._overdue(), everything.filtered("mdd_first_contact_overdue"))

    def test_handler_sees_deadline_in_views(self):
        report = self._registered(date(2027, 3, 5), user_id=self.handler.id)
        with freeze_time("2027-03-22 10:00:00"):
            self.env.invalidate_all()
            Ticket = (
                self.env["helpdesk.ticket"].with_user(self.handler).with_context(mdd_report=True)
            )
            records = Ticket.search([("mdd_first_contact_overdue", "=", True)])
            self.assertIn(report, records)
            values = report.with_user(self.handler).read(
                [
                    "mdd_first_contact_deadline",
                    "mdd_first_contact_overdue",
                    "mdd_first_contact_color",
                ]
            )[0]
            self.assertEqual(values["mdd_first_contact_deadline"], date(2027, 3, 19))
            self.assertTrue(values["mdd_first_contact_overdue"])
            self.assertEqual(values["mdd_first_contact_color"], 1)
            form = Form(report.with_user(self.handler))
            self.assertEqual(str(form.mdd_first_contact_deadline), "2027-03-19")
            self.assertTrue(form.mdd_first_contact_overdue)
            views = Ticket.get_views(
                [
                    (self.env.ref(f"mdd_meldpunt.view_mdd_report_{view}").id, view)
                    for view in ("list", "kanban", "form", "search")
                ]
            )["views"]
            self.assertIn('decoration-danger="mdd_first_contact_overdue"', views["list"]["arch"])
            self.assertIn('highlight_color="mdd_first_contact_color"', views["kanban"]["arch"])
            self.assertIn('name="mdd_first_contact_deadline"', views["form"]["arch"])
            self.assertIn('name="first_contact_overdue"', views["search"]["arch"])

    def test_dashboard_count(self):
        self._registered(date(2027, 3, 5))
        self._registered(date(2027, 3, 8))
        with freeze_time("2027-03-22 10:00:00"):
            self.env.invalidate_all()
            dashboard = self.env["mdd.dashboard"].with_user(self.coordinator)
            card = next(
                card for card in dashboard.get_dashboard_data()["cards"] if card["key"] == "overdue"
            )
            overdue = self.env["helpdesk.ticket"].search([("mdd_first_contact_overdue", "=", True)])
            self.assertGreaterEqual(len(overdue), 1)
            self.assertEqual(card["value"], len(overdue))
            # The card opens those reports.
            self.assertEqual(self.env["helpdesk.ticket"].search(card["domain"]), overdue)

    # ------------------------------------------------------------------
    # Reminder
    # ------------------------------------------------------------------

    def _reminders(self, report):
        activity_type = self.env.ref("mdd_meldpunt.mail_activity_type_first_contact")
        return report.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_reminder_two_working_days_before(self):
        report = self._registered(date(2027, 3, 5), user_id=self.handler.id)
        Ticket = self.env["helpdesk.ticket"]
        # Deadline Friday 19 March: three working days left on Tuesday 16th.
        with freeze_time("2027-03-16 06:00:00"):
            self.env.invalidate_all()
            Ticket._mdd_cron_first_contact()
            self.assertFalse(self._reminders(report))
        with freeze_time("2027-03-17 06:00:00"):
            self.env.invalidate_all()
            Ticket._mdd_cron_first_contact()
            reminder = self._reminders(report)
            self.assertEqual(len(reminder), 1)
            self.assertEqual(reminder.user_id, self.handler)
            self.assertEqual(reminder.date_deadline, date(2027, 3, 19))
            self.assertNotIn(report.complainant_id.name, reminder.summary or "")
            # Daily runs make no second activity, not even when it is done.
            Ticket._mdd_cron_first_contact()
            self.assertEqual(len(self._reminders(report)), 1)
            # The handler sees their reminder.
            self.assertEqual(
                self.env["mail.activity"]
                .with_user(self.handler)
                .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", report.id)])
                .filtered(lambda a: a.activity_type_id == reminder.activity_type_id),
                reminder,
            )
            reminder.action_feedback(feedback="Gebeld")
            Ticket._mdd_cron_first_contact()
            self.assertFalse(self._reminders(report))

    def test_reminder_follows_the_handler(self):
        report = self._registered(date(2027, 3, 5), user_id=self.handler.id)
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2027-03-18 06:00:00"):
            self.env.invalidate_all()
            Ticket._mdd_cron_first_contact()
            self.assertEqual(self._reminders(report).user_id, self.handler)
            report.user_id = self.coordinator
            Ticket._mdd_cron_first_contact()
            self.assertEqual(self._reminders(report).user_id, self.coordinator)
            self._reminders(report).action_feedback(feedback="Gebeld")
            report.user_id = self.handler
            Ticket._mdd_cron_first_contact()
            reminder = self._reminders(report)
            self.assertEqual(len(reminder), 1)
            self.assertEqual(reminder.user_id, self.handler)

    def test_reminder_only_for_running_clock(self):
        unassigned = self._registered(date(2027, 3, 5))
        contacted = self._registered(date(2027, 3, 5), user_id=self.handler.id)
        self._add_action(contacted, self.action_type_intake, date(2027, 3, 9))
        waiting = self._registered(date(2027, 3, 5), user_id=self.handler.id)
        waiting.stage_id = self.stage_waiting
        with freeze_time("2027-03-18 06:00:00"):
            self.env.invalidate_all()
            self.env["helpdesk.ticket"]._mdd_cron_first_contact()
        for report in (unassigned, contacted, waiting):
            self.assertFalse(self._reminders(report))

    def test_reminder_again_after_deadline_moves(self):
        report = self._registered(date(2027, 3, 5), user_id=self.handler.id)
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2027-03-18 06:00:00"):
            self.env.invalidate_all()
            Ticket._mdd_cron_first_contact()
            self._reminders(report).action_feedback(feedback="Geen gehoor")
            report.stage_id = self.stage_waiting
        with freeze_time("2027-03-24 06:00:00"):
            self.env.invalidate_all()
            report.stage_id = self.stage_intake
            # Waited 19, 22, 23, 24 March: the deadline is 25 March.
            self.assertEqual(report.mdd_first_contact_deadline, date(2027, 3, 25))
            Ticket._mdd_cron_first_contact()
            self.assertEqual(self._reminders(report).date_deadline, date(2027, 3, 25))


@tagged("post_install", "-at_install", "mdd_tour")
class TestFirstContactTour(HttpCase):
    """A coordinator sees the overdue first contacts in the report views."""

    def test_overdue_in_red(self):
        env = self.env(context=dict(self.env.context, no_reset_password=True))
        team_mdd, __ = setup_bureaus(env)
        coordinator = new_test_user(
            env,
            login="mdd_tour_coordinator",
            name="Coordinator",
            groups="base.group_user,mdd_meldpunt.group_mdd_manager",
        )
        Ticket = env["helpdesk.ticket"].with_context(mdd_report=True)
        today = Ticket._mdd_today()
        for name, days_ago in (("Te laat gebeld", 40), ("Net binnen", 1)):
            complainant = env["mdd.complainant"].create(
                {"name": "Melder", "age_group": "30_44", "role": "victim", "consent_contact": True}
            )
            report = Ticket.create(
                {
                    "name": name,
                    "description": "<p>Wat er gebeurde.</p>",
                    "team_id": team_mdd.id,
                    "complainant_id": complainant.id,
                }
            )
            day = today - timedelta(days=days_ago)
            set_registration(report, local_day_start_utc(day, TZ) + timedelta(hours=9))
        self.assertEqual(
            Ticket.search(
                [("mdd_first_contact_overdue", "=", True), ("name", "like", "Te laat")]
            ).name,
            "Te laat gebeld",
        )
        self.start_tour(
            "/odoo/action-mdd_meldpunt.action_mdd_report",
            "mdd_first_contact_overdue_tour",
            login=coordinator.login,
        )
