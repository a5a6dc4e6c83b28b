# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""MDD's public holidays and the first-contact deadline of its bureaus."""

from datetime import date, timedelta

from odoo.addons.mdd_base.tools.timezone import local_day_start_utc, utc_to_local
from odoo.addons.mdd_meldpunt.tests.test_first_contact import set_registration
from odoo.tests import TransactionCase, tagged

TZ = "Europe/Amsterdam"

# (year, King's Day): on 26 April when the 27th is a Sunday (2025).
KINGS_DAYS = {2025: date(2025, 4, 26), 2026: date(2026, 4, 27), 2027: date(2027, 4, 27)}


@tagged("post_install", "-at_install")
class TestFirstContactProfile(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_mdd = cls.env.ref("mdd_profile_drenthe.team_mdd")
        data = cls.env["ir.model.data"].search(
            [("module", "=", "mdd_profile_drenthe"), ("model", "=", "resource.calendar.leaves")]
        )
        cls.holidays = cls.env["resource.calendar.leaves"].browse(data.mapped("res_id"))

    def _days(self, year):
        return sorted(
            utc_to_local(leave.date_from, TZ).date()
            for leave in self.holidays
            if utc_to_local(leave.date_from, TZ).year == year
        )

    def test_public_holidays_shipped(self):
        """The holidays of the Algemene termijnenwet, whole days in Dutch time,
        for every calendar, until 2031."""
        for year in range(2024, 2032):
            with self.subTest(year=year):
                days = self._days(year)
                self.assertEqual(len(days), 8)
                self.assertIn(date(year, 1, 1), days)
                self.assertIn(date(year, 5, 5), days)
                self.assertIn(date(year, 12, 25), days)
                self.assertIn(date(year, 12, 26), days)
        for year, kings_day in KINGS_DAYS.items():
            self.assertIn(kings_day, self._days(year))
        # Easter 2027 is on 28 March: Easter Monday, Ascension, Whit Monday.
        for day in (date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 17)):
            self.assertIn(day, self._days(2027))
        for leave in self.holidays:
            self.assertFalse(leave.resource_id)
            self.assertFalse(leave.calendar_id)
            start = utc_to_local(leave.date_from, TZ)
            stop = utc_to_local(leave.date_to, TZ)
            self.assertEqual((start.hour, start.minute), (0, 0), leave.name)
            self.assertEqual(stop.date(), start.date(), leave.name)
            self.assertEqual((stop.hour, stop.minute), (23, 59), leave.name)

    def _report(self, day):
        complainant = self.env["mdd.complainant"].create(
            {"name": "Melder", "age_group": "30_44", "role": "victim", "consent_contact": True}
        )
        report = (
            self.env["helpdesk.ticket"]
            .with_context(mdd_report=True)
            .create(
                {
                    "name": "Melding",
                    "description": "<p>Wat er gebeurde.</p>",
                    "team_id": self.team_mdd.id,
                    "complainant_id": complainant.id,
                }
            )
        )
        return set_registration(report, local_day_start_utc(day, TZ) + timedelta(hours=10))

    def test_deadline_on_mdd_holidays(self):
        self.assertEqual(self.team_mdd.mdd_first_contact_days, 10)
        # Thursday 22 April 2027: King's Day, Liberation Day and Ascension
        # Day (27 April, 5 and 6 May) and two weekends are no working days.
        self.assertEqual(
            self._report(date(2027, 4, 22)).mdd_first_contact_deadline, date(2027, 5, 11)
        )
        # Wednesday 23 December 2026: both Christmas days and New Year's Day.
        self.assertEqual(
            self._report(date(2026, 12, 23)).mdd_first_contact_deadline, date(2027, 1, 8)
        )


@tagged("post_install", "-at_install")
class TestFirstContactDemo(TransactionCase):
    """The demo data shows one report whose first contact is overdue, one
    waiting for the complainant, and open ones still within their term,
    whatever the day the demo data was loaded."""

    def setUp(self):
        super().setUp()
        module = self.env["ir.module.module"].search([("name", "=", "mdd_profile_drenthe")])
        if not module.demo:
            self.skipTest("no demo data")

    def test_overdue_filter_on_demo_data(self):
        ref = self.env.ref
        Ticket = self.env["helpdesk.ticket"]
        overdue = ref("mdd_profile_drenthe.demo_report_talkshow_7")
        found = Ticket.search([("mdd_first_contact_overdue", "=", True)])
        self.assertEqual(found, overdue)
        self.assertEqual(Ticket.search([]).filtered("mdd_first_contact_overdue"), overdue)
        for user in ("user_coordinator", "user_handler"):
            with self.subTest(user=user):
                mine = Ticket.with_user(ref(f"mdd_profile_drenthe.{user}")).search(
                    [("mdd_first_contact_overdue", "=", True)]
                )
                self.assertEqual(mine, overdue)
        self.assertFalse(
            Ticket.with_user(ref("mdd_profile_drenthe.user_handler_emmen")).search(
                [("mdd_first_contact_overdue", "=", True)]
            )
        )
        states = {
            "demo_report_gieten_collega": "paused",
            "demo_report_emmen_woning": "running",
            "demo_report_groningen_portier": "running",
            "demo_report_1": "done",
            "demo_report_minor_anon": "none",
        }
        for xmlid, state in states.items():
            with self.subTest(report=xmlid):
                report = ref(f"mdd_profile_drenthe.{xmlid}")
                self.assertEqual(report.mdd_first_contact_state, state)
                self.assertFalse(report.mdd_first_contact_overdue)
