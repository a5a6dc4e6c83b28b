# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import vobject

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import VoorlichtingCommon, local


@tagged("post_install", "-at_install")
class TestCalendarFeed(VoorlichtingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        cls.contact_a.phone = "0592-123456"
        cls.confirmed = cls._create_session(
            state="confirmed",
            location="Schoolstraat 1, Assen; lokaal 2",
            trainer_notes="Groep 8, let op: ëén leerling is doof. " * 4,
        )
        # Across the October DST change: 09:00 winter time is 08:00 UTC.
        cls.planned = cls._create_session(start=local(2031, 10, 28, 9, 0), state="planned")
        cls.draft = cls._create_session(start=local(2031, 3, 12, 9, 0))
        cls.cancelled = cls._create_session(start=local(2031, 3, 13, 9, 0), state="planned")
        cls.cancelled._action_cancel("Geen tijd")
        cls.someone_else = cls._create_session(
            start=local(2031, 3, 14, 9, 0),
            state="planned",
            location="Elders 9",
            trainer_ids=[fields.Command.set(cls.trainer_2.ids)],
        )
        Feed = cls.env["mdd.trainer.calendar.feed"].with_user(cls.trainer)
        cls.feed = Feed.browse(Feed.action_open_my_feed()["res_id"])

    def _get(self, token):
        return self.url_open(f"/voorlichting/agenda/{token}.ics")

    def _parse(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/calendar"))
        self.assertIn("no-store", response.headers["Cache-Control"])
        raw = response.content
        # RFC 5545: CRLF line ends, lines folded at 75 octets.
        self.assertTrue(raw.endswith(b"\r\n"))
        self.assertNotIn(b"\n", raw.replace(b"\r\n", b""), "only CRLF line ends")
        for line in raw.split(b"\r\n"):
            self.assertLessEqual(len(line), 75, line)
        calendar = vobject.readOne(raw.decode("utf-8"))
        self.assertEqual(calendar.name, "VCALENDAR")
        self.assertEqual(calendar.version.value, "2.0")
        return {event.uid.value: event for event in calendar.vevent_list}

    def test_feed_lists_the_trainers_sessions(self):
        self.assertTrue(self.feed.token)
        self.assertTrue(self.feed.url.endswith(f"/voorlichting/agenda/{self.feed.token}.ics"))
        events = self._parse(self._get(self.feed.token))
        self.assertEqual(len(events), 2, "planned and confirmed only, own sessions only")
        by_session = {
            session: next(e for uid, e in events.items() if f"-{session.id}@" in uid)
            for session in (self.confirmed, self.planned)
        }
        event = by_session[self.confirmed]
        self.assertEqual(event.dtstart.value.utcoffset().total_seconds(), 0, "UTC")
        self.assertEqual(event.dtstart.value.replace(tzinfo=None), self.confirmed.start)
        self.assertEqual(event.dtend.value.replace(tzinfo=None), self.confirmed.stop)
        self.assertEqual(event.location.value, "Schoolstraat 1, Assen; lokaal 2, Assen")
        self.assertIn("Test workshop", event.summary.value)
        description = event.description.value
        self.assertIn("Testschool Assen", description)
        self.assertEqual(event.status.value, "CONFIRMED")
        self.assertEqual(by_session[self.planned].status.value, "TENTATIVE")
        self.assertEqual(by_session[self.planned].dtstart.value.hour, 8, "09:00 CET is 08:00 UTC")
        # Not opted in: no contact details, no notes.
        raw = self._get(self.feed.token).text
        self.assertIn(r"LOCATION:Schoolstraat 1\, Assen\; lokaal 2\, Assen", raw, "escaped")
        for private in ("Anna Contact", "anna@testschool", "0592-123456", "doof", "Elders"):
            self.assertNotIn(private, raw.replace("\r\n ", ""))

    def test_details_only_when_the_trainer_opts_in(self):
        self.feed.include_details = True
        events = self._parse(self._get(self.feed.token))
        description = next(e for uid, e in events.items() if f"-{self.confirmed.id}@" in uid)
        text = description.description.value
        for detail in ("Anna Contact", "anna@testschool.example.nl", "0592-123456", "ëén leerling"):
            self.assertIn(detail, text)
        self.assertNotIn("Elders", self._get(self.feed.token).text)

    def test_revoked_regenerated_and_unknown_tokens_give_404(self):
        old = self.feed.token
        self.feed.action_regenerate()
        self.assertNotEqual(self.feed.token, old)
        self.assertEqual(self._get(old).status_code, 404)
        self._parse(self._get(self.feed.token))
        current = self.feed.token
        self.feed.action_revoke()
        self.assertFalse(self.feed.url)
        self.assertEqual(self._get(current).status_code, 404)
        self.assertEqual(self._get("unknown-token").status_code, 404)
        # A trainer who is no longer a trainer has no feed.
        self.feed.action_regenerate()
        token = self.feed.token
        self.assertEqual(self._get(token).status_code, 200)
        self.trainer.sudo().groups_id = [fields.Command.unlink(self.group_trainer.id)]
        self.assertEqual(self._get(token).status_code, 404)

    def test_guessing_tokens_is_throttled(self):
        for attempt in range(20):
            self.assertEqual(self._get(f"guess-{attempt}").status_code, 404)
        # From now on even the right address is refused to this client.
        self.assertEqual(self._get(self.feed.token).status_code, 404)

    def test_only_the_trainer_sees_and_changes_their_feed(self):
        Feed = self.env["mdd.trainer.calendar.feed"]
        for user in (self.trainer_2, self.planner):
            self.assertFalse(Feed.with_user(user).search([("id", "=", self.feed.id)]))
            with self.assertRaises(AccessError):
                self.feed.with_user(user).read(["token"])
        mine = self.feed.with_user(self.trainer)
        with self.assertRaises(AccessError):
            mine.write({"token": "chosen"})
        with self.assertRaises(AccessError):
            mine.write({"user_id": self.trainer_2.id})
        with self.assertRaises(AccessError):
            Feed.with_user(self.trainer_2).create({"user_id": self.trainer.id})
        with self.assertRaises(AccessError):
            Feed.with_user(self.portal_a).action_open_my_feed()
        # Opening it again gives the same feed.
        action = Feed.with_user(self.trainer).action_open_my_feed()
        self.assertEqual(action["res_id"], self.feed.id)
