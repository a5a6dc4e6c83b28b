# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import VoorlichtingCommon

FORM_URL = "/voorlichting/aanvragen"


@tagged("post_install", "-at_install")
class TestVoorlichtingHttp(VoorlichtingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()

    def setUp(self):
        super().setUp()
        self.Request = self.env["mdd.education.request"].sudo()

    # ------------------------------------------------------------------
    # Public request form
    # ------------------------------------------------------------------
    def _csrf(self, url):
        return self._page_tokens(url)["csrf_token"]

    def _page_tokens(self, url):
        """The CSRF token and, on a public form, its one-time form token."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return {
            name: match.group(1)
            for name in ("csrf_token", "form_nonce")
            if (match := re.search(rf'name="{name}" value="([^"]+)"', response.text))
        }

    def _form(self, **values):
        future = fields.Date.to_string(fields.Date.today() + timedelta(days=30))
        form = {
            "organisation_name": "HTTP School",
            "organisation_type": "secondary_school",
            "contact_name": "Henk Http",
            "email": "henk@httpschool.example.nl",
            "phone": "",
            "municipality_id": str(self.assen.id),
            "workshop_id": str(self.workshop.id),
            "audience_id": str(self.audience.id),
            "participant_count": "24",
            "window_1_from": future,
            "window_1_daypart": "afternoon",
            "remarks": "",
        }
        form.update(values)
        return form

    def _post(self, **values):
        # Each test starts with an empty throttle; this one is about the form.
        self.env["mdd.throttle"].sudo().search([]).unlink()
        data = dict(self._form(**values), **self._page_tokens(FORM_URL))
        return self.url_open(FORM_URL, data=data, allow_redirects=False)

    def _request_count(self):
        return self.Request.search_count([])

    def test_form_page(self):
        response = self.url_open(f"{FORM_URL}?workshop={self.workshop.id}")
        self.assertEqual(response.status_code, 200)
        html = response.text
        honeypot = re.search(r'<input[^>]*name="mdd_website"[^>]*>', html).group(0)
        self.assertIn('tabindex="-1"', honeypot)
        self.assertIn('autocomplete="off"', honeypot)
        self.assertIn('aria-hidden="true"', html[: html.index(honeypot)][-400:])
        select = re.search(r'<select id="workshop_id".*?</select>', html, re.DOTALL).group(0)
        selected = re.search(rf'<option[^>]*value="{self.workshop.id}"[^>]*>', select).group(0)
        self.assertIn("selected", selected)
        self.assertEqual(self.url_open(f"{FORM_URL}?workshop=abc").status_code, 200)
        catalogue = self.url_open("/voorlichting")
        self.assertEqual(catalogue.status_code, 200)
        self.assertIn("Test workshop", catalogue.text)

    def test_valid_request(self):
        before = self._request_count()
        response = self._post()
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/voorlichting/aanvragen/bedankt"))
        self.assertEqual(self._request_count(), before + 1)
        request = self.Request.search([], order="id desc", limit=1)
        self.assertEqual(request.partner_id.name, "HTTP School")
        self.assertEqual(request.window_ids.daypart, "afternoon")
        thanks = self.url_open("/voorlichting/aanvragen/bedankt")
        self.assertIn(request.name, thanks.text)

    def test_bad_input_keeps_input_and_creates_nothing(self):
        before = self._request_count()
        partners = self.env["res.partner"].search_count([])
        cases = [
            {"organisation_name": ""},
            {"email": "henk-at-example"},
            {"workshop_id": "1 OR 1=1"},
            {"workshop_id": "99999999999999999999"},
            {"audience_id": "²"},
            {"participant_count": "²"},
            {"municipality_id": "-1"},
            {"participant_count": "9999999"},
            {"window_1_from": "yesterday"},
            {"window_1_from": fields.Date.to_string(fields.Date.today() - timedelta(days=3))},
            {"remarks": "x" * 10000},
        ]
        for change in cases:
            with self.subTest(change=list(change)):
                response = self._post(**change)
                self.assertEqual(response.status_code, 200)
                self.assertIn('id="mdd_request_error"', response.text)
                self.assertIn("is-invalid", response.text)
                self.assertIn('value="Henk Http"', response.text, "the input is kept")
        self.assertEqual(self._request_count(), before)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_script_is_escaped(self):
        script = '<script>alert("x")</script>'
        response = self._post(organisation_name="", remarks=script, contact_name=script)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(script, response.text)
        self.assertIn("&lt;script&gt;", response.text)
        # Stored as plain text, shown escaped in the backend and in mails.
        response = self._post(remarks=script)
        self.assertEqual(response.status_code, 303)
        request = self.Request.search([], order="id desc", limit=1)
        self.assertEqual(request.remarks, script)
        mail = self.env["mail.mail"].search(
            [("model", "=", request._name), ("res_id", "=", request.id)]
        )
        self.assertNotIn("<script", mail.body_html)

    def test_honeypot_and_throttle(self):
        before = self._request_count()
        response = self._post(mdd_website="http://spam.example.com")
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="mdd_request_error"', response.text)
        self.assertIn('value="HTTP School"', response.text)
        self.assertEqual(self._request_count(), before)
        # Five submissions in ten minutes, then refused.
        self.env["mdd.throttle"].sudo().search([]).unlink()
        for index in range(6):
            data = dict(
                self._form(email=f"throttle{index}@example.org"), **self._page_tokens(FORM_URL)
            )
            response = self.url_open(FORM_URL, data=data, allow_redirects=False)
            self.assertEqual(response.status_code, 303 if index < 5 else 200, index)
        self.assertIn('id="mdd_request_error"', response.text)
        self.assertEqual(self._request_count(), before + 5)

    def test_missing_csrf_is_refused(self):
        before = self._request_count()
        tokens = self._page_tokens(FORM_URL)
        data = dict(self._form(), form_nonce=tokens["form_nonce"])
        response = self.url_open(FORM_URL, data=data, allow_redirects=False)
        self.assertNotEqual(response.status_code, 303)
        self.assertEqual(self._request_count(), before)

    def test_form_sent_twice_creates_one_request(self):
        before = self._request_count()
        data = dict(self._form(), **self._page_tokens(FORM_URL))
        first = self.url_open(FORM_URL, data=data, allow_redirects=False)
        self.assertEqual(first.status_code, 303)
        # The same POST again (a refresh, a double click, a replay).
        again = self.url_open(FORM_URL, data=data, allow_redirects=False)
        self.assertEqual(again.status_code, 200)
        self.assertIn('id="mdd_request_error"', again.text)
        self.assertIn('value="HTTP School"', again.text, "the input is kept")
        self.assertEqual(self._request_count(), before + 1)
        # Without a token, or with one this session never got: refused too.
        for token in ("", "forged-token"):
            with self.subTest(token=token):
                data = dict(self._form(), csrf_token=self._csrf(FORM_URL), form_nonce=token)
                response = self.url_open(FORM_URL, data=data, allow_redirects=False)
                self.assertEqual(response.status_code, 200)
                self.assertIn('id="mdd_request_error"', response.text)
        self.assertEqual(self._request_count(), before + 1)
        # The error page offers a fresh token: sending it again works.
        retry = dict(self._form(), **self._page_tokens(FORM_URL))
        self.assertEqual(
            self.url_open(FORM_URL, data=retry, allow_redirects=False).status_code, 303
        )
        self.assertEqual(self._request_count(), before + 2)

    def test_token_is_kept_after_an_error(self):
        data = dict(self._form(organisation_name=""), **self._page_tokens(FORM_URL))
        response = self.url_open(FORM_URL, data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'value="{data["form_nonce"]}"', response.text)
        # Corrected and sent again with that same page token: accepted.
        self.env["mdd.throttle"].sudo().search([]).unlink()
        data["organisation_name"] = "HTTP School"
        response = self.url_open(FORM_URL, data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    def _portal_sessions(self):
        now = fields.Datetime.now()
        session_a = self._create_session(start=now + timedelta(days=30), state="planned")
        session_b = self._create_session(
            start=now + timedelta(days=31),
            partner_id=self.org_b.id,
            contact_id=self.contact_b.id,
            state="planned",
        )
        session_a._portal_ensure_token()
        session_b._portal_ensure_token()
        return session_a, session_b

    def _portal_post(self, url, **data):
        data = dict(data, csrf_token=self._csrf(FORM_URL))
        return self.url_open(url, data=data, allow_redirects=False)

    def test_portal_list_and_forged_ids(self):
        session_a, session_b = self._portal_sessions()
        self.authenticate("va_portal_a", "va_portal_a")
        listing = self.url_open("/my/voorlichtingen")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(f'/my/voorlichtingen/{session_a.id}"', listing.text)
        self.assertNotIn(f"/my/voorlichtingen/{session_b.id}", listing.text)
        page = self.url_open(f"/my/voorlichtingen/{session_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Tim Trainer", page.text)
        # Another organisation's session: by id, with our token, with nonsense.
        for url in (
            f"/my/voorlichtingen/{session_b.id}",
            f"/my/voorlichtingen/{session_b.id}?access_token={session_a.access_token}",
            f"/my/voorlichtingen/{session_b.id}?access_token=x",
            "/my/voorlichtingen/999999999",
            "/my/voorlichtingen/99999999999999999999",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Testteam Meppel", response.text)
        response = self._portal_post(f"/my/voorlichtingen/{session_b.id}/confirm")
        self.assertEqual(response.status_code, 404)
        response = self._portal_post(f"/my/voorlichtingen/{session_b.id}/cancel", reason="forged")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(session_b.state, "planned")
        # The portal home shows the entry.
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["voorlichting_count"]})
        self.assertEqual(counters["voorlichting_count"], 1)

    def test_token_access_confirm_and_cancel(self):
        session_a, session_b = self._portal_sessions()
        draft = self._create_session(start=fields.Datetime.now() + timedelta(days=40))
        draft._portal_ensure_token()
        self.assertEqual(self.url_open(f"/my/voorlichtingen/{session_a.id}").status_code, 404)
        self.assertEqual(
            self.url_open(
                f"/my/voorlichtingen/{draft.id}?access_token={draft.access_token}"
            ).status_code,
            404,
            "drafts are not shown",
        )
        page = self.url_open(session_a.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="mdd_session_confirm"', page.text)
        response = self._portal_post(
            f"/my/voorlichtingen/{session_a.id}/confirm", access_token=session_a.access_token
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(session_a.state, "confirmed")
        message = session_a.message_ids.filtered(
            lambda m: "The organisation confirmed the session." in (m.body or "")
        )
        self.assertEqual(message.author_id, self.contact_a, "the contact, not the public user")
        # Confirming twice shows an error, no 500.
        response = self._portal_post(
            f"/my/voorlichtingen/{session_a.id}/confirm", access_token=session_a.access_token
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="mdd_session_error"', response.text)
        # Cancel with the token; too late for session B (deadline 40 days).
        self.env["ir.config_parameter"].sudo().set_param(
            "mdd_voorlichting.cancel_deadline_days", "40"
        )
        response = self._portal_post(
            f"/my/voorlichtingen/{session_b.id}/cancel",
            access_token=session_b.access_token,
            reason="School trip",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="mdd_session_error"', response.text)
        self.assertEqual(session_b.state, "planned")
        self.env["ir.config_parameter"].sudo().set_param(
            "mdd_voorlichting.cancel_deadline_days", "7"
        )
        response = self._portal_post(
            f"/my/voorlichtingen/{session_b.id}/cancel",
            access_token=session_b.access_token,
            reason="School trip",
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(session_b.state, "cancelled")
        self.assertEqual(session_b.cancel_reason, "School trip")
        self.assertFalse(session_b.calendar_event_id)

    def test_token_evaluation(self):
        now = fields.Datetime.now()
        session = self._create_session(
            start=now - timedelta(days=1, hours=3),
            stop=now - timedelta(days=1, hours=1),
            state="confirmed",
        )
        self.Session._cron_request_evaluations()
        self.assertEqual(session.state, "done")
        url = f"/my/voorlichtingen/{session.id}/evaluate"
        response = self._portal_post(
            url, access_token=session.access_token, rating="9", participants="20"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="mdd_session_error"', response.text)
        self.assertIn('value="20"', response.text, "the input is kept")
        self.assertEqual(session.state, "done")
        response = self._portal_post(url, access_token="wrong", rating="5", participants="20")
        self.assertEqual(response.status_code, 404)
        response = self._portal_post(
            url,
            access_token=session.access_token,
            rating="5",
            went_well="<b>Great</b>",
            improve="",
            participants="23",
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(session.state, "evaluated")
        self.assertEqual(session.evaluation_rating, "5")
        self.assertEqual(session.evaluation_good, "<b>Great</b>")
        self.assertEqual(session.participant_count_actual, 23)
        page = self.url_open(response.headers["Location"])
        self.assertIn('id="mdd_evaluation_thanks"', page.text)
