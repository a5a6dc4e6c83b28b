# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import TransactionCase, new_test_user, tagged

from ..tools.timezone import DEFAULT_TZ, bureau_tz, local_day_start_utc, local_to_utc, utc_to_local


@tagged("post_install", "-at_install")
class TestBureauTimezone(TransactionCase):
    def test_default_and_company_setting(self):
        self.assertEqual(self.env.company.mdd_timezone, DEFAULT_TZ)
        self.assertEqual(bureau_tz(self.env), "Europe/Amsterdam")
        self.env.company.mdd_timezone = "Europe/London"
        self.assertEqual(bureau_tz(self.env), "Europe/London")

    def test_user_time_zone_does_not_matter(self):
        user = new_test_user(self.env, login="tz_user", tz="America/New_York")
        self.assertEqual(bureau_tz(self.env(user=user)), "Europe/Amsterdam")

    def test_summer_and_winter_time(self):
        self.assertEqual(
            local_to_utc(datetime(2026, 7, 1, 9, 0), DEFAULT_TZ), datetime(2026, 7, 1, 7, 0)
        )
        self.assertEqual(
            local_to_utc(datetime(2026, 1, 5, 9, 0), DEFAULT_TZ), datetime(2026, 1, 5, 8, 0)
        )
        self.assertEqual(
            utc_to_local(datetime(2026, 7, 1, 7, 0), DEFAULT_TZ), datetime(2026, 7, 1, 9, 0)
        )
        self.assertEqual(
            local_day_start_utc(date(2026, 1, 1), DEFAULT_TZ), datetime(2025, 12, 31, 23, 0)
        )

    def test_changes_of_summer_time(self):
        # 2026-10-25 02:30 happens twice: read as standard time (UTC+1).
        self.assertEqual(
            local_to_utc(datetime(2026, 10, 25, 2, 30), DEFAULT_TZ),
            datetime(2026, 10, 25, 1, 30),
        )
        # 2026-03-29 02:30 does not exist: shifted, never an error.
        self.assertEqual(
            local_to_utc(datetime(2026, 3, 29, 2, 30), DEFAULT_TZ),
            datetime(2026, 3, 29, 1, 30),
        )
