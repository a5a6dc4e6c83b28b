# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from .common import VoorlichtingCommon, local


@tagged("post_install", "-at_install")
class TestTravelTime(VoorlichtingCommon, TransactionCase):
    """A trainer needs time to travel between sessions in different
    municipalities: the default of the settings (45 minutes) or the minutes
    of the pair in the travel times table."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        cls.emmen = cls.env.ref("mdd_base.municipality_gm0114")
        cls.env.company.mdd_travel_buffer_minutes = 45
        # Tuesday 4 March 2031, 10:00-11:00 in Assen, trainer Tim.
        cls.assen_session = cls._create_session(
            start=local(2031, 3, 4, 10, 0), stop=local(2031, 3, 4, 11, 0), state="planned"
        )
        cls.TravelTime = cls.env["mdd.travel.time"].with_user(cls.planner)

    def _plan(self, municipality, *start, minutes=60, **values):
        start = local(*start) if not isinstance(start[0], datetime) else start[0]
        return self._create_session(
            municipality_id=municipality.id,
            start=start,
            stop=start + self._hours(minutes / 60),
            state="planned",
            **values,
        )

    def test_emmen_right_after_assen_is_refused_and_names_the_travel_time(self):
        with self.assertRaises(ValidationError) as caught:
            self._plan(self.emmen, 2031, 3, 4, 11, 15)
        message = str(caught.exception)
        self.assertRegex(message, r"45 min")
        self.assertIn("Tim Trainer", message)
        self.assertIn("Assen", message)
        self.assertIn("Emmen", message)
        self.assertIn(self.assen_session.name, message)
        self.assertIn("10:00 - 11:00", message, "the other session in local time")
        self.assertRegex(message, r"\b15 min", "and the time that is left")

    def test_before_counts_too(self):
        # Emmen 08:30-09:30, then Assen at 10:00: 30 minutes, refused.
        with self.assertRaises(ValidationError):
            self._plan(self.emmen, 2031, 3, 4, 8, 30)

    def test_same_municipality_needs_no_travel_time(self):
        after = self._plan(self.assen, 2031, 3, 4, 11, 0)
        self.assertEqual(after.state, "planned")
        self.assertFalse(after.conflict_warning)

    def test_enough_time_and_other_trainers_are_fine(self):
        self._plan(self.emmen, 2031, 3, 4, 11, 45)
        self._plan(self.emmen, 2031, 3, 4, 11, 15, trainer_ids=[(6, 0, self.trainer_2.ids)])

    def test_overlap_is_reported_once_as_an_overlap(self):
        conflicts = self.Session._find_trainer_conflicts(
            self.trainer,
            local(2031, 3, 4, 10, 30),
            local(2031, 3, 4, 11, 30),
            municipality=self.emmen,
        )
        self.assertEqual(len(conflicts), 1)
        self.assertNotRegex(conflicts[0]["message"], r"\d+ min")

    def test_pair_table_overrides_the_default_both_ways(self):
        self.TravelTime.create(
            {"municipality_a_id": self.emmen.id, "municipality_b_id": self.assen.id, "minutes": 10}
        )
        self._plan(self.emmen, 2031, 3, 4, 11, 15, minutes=30)
        self.TravelTime.create(
            {"municipality_a_id": self.assen.id, "municipality_b_id": self.meppel.id, "minutes": 90}
        )
        with self.assertRaises(ValidationError) as caught:
            self._plan(self.meppel, 2031, 3, 4, 12, 0)
        self.assertRegex(str(caught.exception), r"90 min")
        self._plan(self.meppel, 2031, 3, 4, 12, 30)

    def test_pair_table_rows_are_checked(self):
        self.TravelTime.create(
            {"municipality_a_id": self.assen.id, "municipality_b_id": self.emmen.id, "minutes": 40}
        )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.TravelTime.create(
                {
                    "municipality_a_id": self.emmen.id,
                    "municipality_b_id": self.assen.id,
                    "minutes": 30,
                }
            )
        for values in ({"municipality_b_id": self.assen.id}, {"minutes": -5}):
            with (
                self.assertRaises(IntegrityError),
                mute_logger("odoo.sql_db"),
                self.cr.savepoint(),
            ):
                self.TravelTime.create(
                    {
                        "municipality_a_id": self.assen.id,
                        "municipality_b_id": self.meppel.id,
                        "minutes": 30,
                        **values,
                    }
                )

    def test_setting_zero_switches_the_check_off(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.mdd_voorlichting_travel_buffer_minutes, 45)
        settings.mdd_voorlichting_travel_buffer_minutes = 0
        settings.execute()
        self.assertEqual(self.env.company.mdd_travel_buffer_minutes, 0)
        self._plan(self.emmen, 2031, 3, 4, 11, 0)
        with self.assertRaises(ValidationError):
            self.env.company.mdd_travel_buffer_minutes = -1

    def test_moving_a_session_to_another_municipality_is_checked(self):
        after = self._plan(self.assen, 2031, 3, 4, 11, 15)
        with self.assertRaises(ValidationError):
            after.with_user(self.planner).municipality_id = self.emmen

    def test_draft_shows_the_travel_time_before_saving(self):
        form = Form(self.Session.with_user(self.planner))
        form.workshop_id = self.workshop
        form.partner_id = self.org_b
        form.municipality_id = self.emmen
        form.start = local(2031, 3, 4, 11, 15)
        form.trainer_ids.add(self.trainer)
        self.assertRegex(form.conflict_warning, r"45 min")
        form.municipality_id = self.assen
        self.assertFalse(form.conflict_warning)

    def test_autumn_daylight_saving_change(self):
        # Sunday 26 October 2031, clocks go back at 03:00 CEST to 02:00 CET.
        # Assen 01:00-02:00 CEST is 23:00-00:00 UTC.
        self._plan(self.assen, 2031, 10, 26, 1, 0)
        # 02:30 CET (01:30 UTC) looks like half an hour later on the wall
        # clock, but 90 minutes pass: fine.
        emmen = self._plan(self.emmen, 2031, 10, 26, 2, 30)
        self.assertEqual(str(emmen.start), "2031-10-26 01:30:00")
        # The first 02:30 (CEST, 00:30 UTC) is really 30 minutes later: refused.
        with self.assertRaises(ValidationError) as caught:
            self._plan(self.emmen, datetime(2031, 10, 26, 0, 30), minutes=30)
        self.assertRegex(str(caught.exception), r"45 min")

    def test_spring_daylight_saving_change(self):
        # Sunday 30 March 2031, clocks jump from 02:00 CET to 03:00 CEST.
        # Assen 00:45-01:45 CET is 23:45-00:45 UTC.
        self._plan(self.assen, 2031, 3, 30, 0, 45)
        # 03:15 CEST (01:15 UTC): 90 minutes on the wall clock, 30 in reality.
        with self.assertRaises(ValidationError) as caught:
            self._plan(self.emmen, 2031, 3, 30, 3, 15)
        self.assertRegex(str(caught.exception), r"\b30 min", "the real time left")
        self._plan(self.emmen, 2031, 3, 30, 3, 30)
