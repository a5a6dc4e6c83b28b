# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from odoo.tests import HttpCase, tagged

from .common import local
from .common_offer import OfferCommon

CSRF = re.compile(r'(?:name="csrf_token" value="|csrf_token: ")([^"]+)"')


@tagged("post_install", "-at_install")
class TestSlotOfferHttp(OfferCommon, HttpCase):
    """The organisation's page of a slot offer, in Dutch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_offers()
        # Dutch, as the site: no redirect to another language after login.
        (cls.portal_a | cls.portal_b | cls.trainer).lang = "nl_NL"

    def setUp(self):
        super().setUp()
        self.offer = self._sent_offer()
        self.url = f"/my/voorlichtingen/aanbod/{self.offer.id}"
        self.opener.cookies.set("frontend_lang", "nl_NL")

    def _sessions(self):
        return self.env["mdd.education.session"].search([("request_id", "=", self.request.id)])

    def _get(self, url):
        response = self.url_open(url, allow_redirects=False)
        self.assertNotEqual(response.status_code, 500, url)
        return response

    def _choose(self, slot_id, token=True, offer=None):
        offer = offer or self.offer
        page = self.url_open("/voorlichting")
        data = {"csrf_token": CSRF.search(page.text).group(1), "slot_id": str(slot_id)}
        if token:
            data["access_token"] = offer.access_token if token is True else token
        return self.url_open(
            f"/my/voorlichtingen/aanbod/{offer.id}/kiezen", data=data, allow_redirects=False
        )

    def test_page_with_the_link(self):
        response = self._get(f"{self.url}?access_token={self.offer.access_token}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text.count('class="card mb-3 mdd_offer_slot"'), 3)
        self.assertIn("Kies dit tijdstip", response.text)
        self.assertIn("dinsdag 4 maart 2031, 09:00 - 10:30", response.text)
        self.assertIn("Test workshop", response.text)
        self.assertIn("no-store", response.headers["Cache-Control"])
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")

    def test_who_gets_the_page(self):
        token = self.offer.access_token
        draft = self._create_offer()
        draft._portal_ensure_token()
        other = self._sent_offer()
        refused = [
            self.url,
            f"{self.url}?access_token=wrong",
            f"{self.url}?access_token=",
            f"{self.url}?access_token={other.access_token}",
            f"/my/voorlichtingen/aanbod/{draft.id}?access_token={draft.access_token}",
            "/my/voorlichtingen/aanbod/999999999",
            f"/my/voorlichtingen/aanbod/999999999?access_token={token}",
            "/my/voorlichtingen/aanbod/0",
        ]
        for url in refused:
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 404)
        # The organisation's portal contact without the link; not another one.
        self.authenticate("va_portal_a", "va_portal_a")
        self.assertEqual(self._get(self.url).status_code, 200)
        self.authenticate("va_portal_b", "va_portal_b")
        self.assertEqual(self._get(self.url).status_code, 404)
        self.assertEqual(self._get(f"{self.url}?access_token={token}").status_code, 200)
        # A trainer cannot answer for the organisation.
        self.authenticate("va_trainer", "va_trainer")
        self.assertEqual(self._get(self.url).status_code, 404)
        self.assertEqual(self._choose(self.offer.slot_ids[0].id, token=False).status_code, 404)
        self.assertFalse(self._sessions())

    def test_choose_then_reuse_the_link(self):
        slot = self.offer.slot_ids[1]
        response = self._choose(slot.id)
        self.assertEqual(response.status_code, 303)
        location = urlsplit(response.headers["Location"])
        self.assertEqual(location.path, self.url)
        self.assertEqual(parse_qs(location.query)["access_token"], [self.offer.access_token])
        session = self._sessions()
        self.assertEqual(session.start, slot.start)
        self.assertEqual(self.offer.state, "chosen")
        page = self._get(response.headers["Location"])
        self.assertIn('id="mdd_offer_chosen"', page.text)
        self.assertIn("Bedankt voor uw keuze", page.text)
        self.assertIn("woensdag 5 maart 2031, 13:30 - 15:00", page.text)
        self.assertIn(f"/my/voorlichtingen/{session.id}?access_token=", page.text)
        self.assertNotIn("mdd_offer_choose", page.text)
        # The same link again, for any time: a Dutch message, no second booking.
        for other in self.offer.slot_ids:
            again = self._choose(other.id)
            self.assertEqual(again.status_code, 200)
            self.assertIn('id="mdd_offer_error"', again.text)
            self.assertIn("al een tijdstip gekozen", again.text)
        self.assertEqual(len(self._sessions()), 1)

    def test_expired_link(self):
        self._expire(self.offer)
        page = self._get(f"{self.url}?access_token={self.offer.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="mdd_offer_expired"', page.text)
        self.assertIn("verlopen", page.text)
        self.assertNotIn("mdd_offer_choose", page.text)
        response = self._choose(self.offer.slot_ids[0].id)
        self.assertEqual(response.status_code, 200)
        self.assertIn("verlopen", response.text)
        self.assertFalse(self._sessions())

    def test_bad_input(self):
        other = self._sent_offer()
        for value in ("abc", "", "-1", "99999999999999999999", str(other.slot_ids[0].id)):
            with self.subTest(slot_id=value):
                response = self._choose(value)
                self.assertEqual(response.status_code, 200)
                self.assertIn('id="mdd_offer_error"', response.text)
        self.assertFalse(self._sessions())
        self.assertEqual(self.offer.state, "sent")

    def test_conflict_when_chosen(self):
        first = self.offer.slot_ids[0]
        self._create_session(
            start=local(2031, 3, 4, 10, 0),
            partner_id=self.org_b.id,
            municipality_id=self.meppel.id,
            state="planned",
        )
        response = self._choose(first.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn("niet meer beschikbaar", response.text)
        self.assertNotIn("Testteam Meppel", response.text)
        self.assertEqual(response.text.count('class="card mb-3 mdd_offer_slot"'), 2)
        self.assertEqual(first.state, "unavailable")
        self.assertFalse(self._sessions())


@tagged("post_install", "-at_install")
class TestSlotOfferTour(OfferCommon, HttpCase):
    """Acceptance: the organisation opens the link on a phone and picks a time."""

    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_offers()

    def test_pick_a_slot_on_a_phone(self):
        offer = self._sent_offer()
        mail = self.env["mail.mail"].search(
            [("model", "=", offer._name), ("res_id", "=", offer.id)], limit=1
        )
        link = re.search(r'href="https?://[^/"]+(/my/voorlichtingen/aanbod/[^"]+)"', mail.body_html)
        self.start_tour(link.group(1).replace("&amp;", "&"), "mdd_voorlichting_offer_choose")
        session = self.env["mdd.education.session"].search([("request_id", "=", self.request.id)])
        self.assertEqual(len(session), 1)
        self.assertEqual(session.start, local(2031, 3, 5, 13, 30))
        self.assertEqual(session.state, "confirmed")
        self.assertEqual(offer.state, "chosen")
        self.assertEqual(offer.chosen_slot_id.start, session.start)


@tagged("post_install", "-at_install")
class TestSlotOfferPlannerTour(OfferCommon, HttpCase):
    """The planner offers two times in the backend and sends the link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_offers()
        cls.planner.lang = "en_US"

    def test_offer_times(self):
        self.start_tour(
            "/odoo/action-mdd_voorlichting.action_mdd_education_request",
            "mdd_voorlichting_offer_send",
            login="va_planner",
        )
        offer = self.request.offer_ids
        self.assertEqual(len(offer), 1)
        self.assertEqual(offer.state, "sent")
        self.assertEqual(offer.contact_id, self.contact_a)
        # The web client shows times in the browser's time zone; the test
        # browser inherits Odoo's (UTC).
        self.assertEqual(
            offer.slot_ids.mapped("start"),
            [datetime(2031, 3, 4, 9, 0), datetime(2031, 3, 5, 13, 30)],
        )
        self.assertEqual(offer.slot_ids[0].stop, datetime(2031, 3, 4, 10, 30))
        self.assertEqual(offer.slot_ids.trainer_ids, self.trainer)
        mail = self.env["mail.mail"].search(
            [("model", "=", offer._name), ("res_id", "=", offer.id)]
        )
        self.assertEqual(mail.recipient_ids, self.contact_a)
