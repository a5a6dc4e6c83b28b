# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""News mails on the complainant's pages: the status page link of the mail,
and turning the mails off on the status page and the portal."""

from odoo.tests import tagged

from .common_portal import CSRF, ERROR_SUMMARY, MddPortalCase

CODE_A = "AAAA-BBBB-CCCC-DDDD-EEEE"
CODE_B = "FFFF-GGGG-HHHH-JJJJ-KKKK"


class MddNewsMailCase(MddPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # Complainants without an account who want contact by email: they
        # follow their report on the status page with the receipt code.
        cls.melder_a = env["res.partner"].create(
            {"name": "Melder Status A", "email": "melder.status.a@example.com", "lang": "nl_NL"}
        )
        cls.melder_b = env["res.partner"].create(
            {"name": "Melder Status B", "email": "melder.status.b@example.com", "lang": "nl_NL"}
        )
        cls.report_a = cls._create_report(cls.melder_a, "Statusmelding A", code=CODE_A)
        cls.report_b = cls._create_report(cls.melder_b, "Statusmelding B", code=CODE_B)

    def _csrf(self, url="/melden/status"):
        return CSRF.search(self.url_open(url).text).group(1)

    def _turn_off_on_status_page(self, number, csrf=True):
        data = {"number": number}
        if csrf:
            data["csrf_token"] = self._csrf()
        return self.url_open("/melden/status/geen-mail", data=data, allow_redirects=False)


@tagged("post_install", "-at_install", "mdd_public", "mdd_news")
class TestNewsMailStatusPage(MddNewsMailCase):
    def test_mail_link_fills_in_the_number_only(self):
        response = self.url_open(f"/melden/status?number={self.report_a.number}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'value="{self.report_a.number}"', response.text)
        self.assertIn('id="mdd_status_form"', response.text)
        self.assertNotIn("Statusmelding A", response.text)
        # Whatever is typed in the link is only echoed, escaped, in the field.
        response = self.url_open('/melden/status?number="><script>x</script>')
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("<script>x</script>", response.text)

    def test_turn_off_on_the_status_page(self):
        complainant = self.report_a.complainant_id
        self.assertEqual(complainant.news_mail, "messages")
        page = self._open_status(self.report_a.number, CODE_A)
        self.assertIn('id="mdd_news_mail_off"', page.text)
        self.assertIn("Stop deze e-mails", page.text)
        response = self._turn_off_on_status_page(self.report_a.number)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))
        self.assertIn('id="mdd_news_mail_is_off"', response.text)
        self.assertIn("Je krijgt geen e-mails over nieuws over je melding.", response.text)
        self.assertEqual(complainant.news_mail, "off")
        self.assertTrue(complainant.news_mail_date)
        self.assertIn(
            "De melder heeft de nieuwsmails uitgezet op de statuspagina.",
            "".join(str(body) for body in complainant.message_ids.mapped("body")),
        )
        # The other complainant is untouched.
        self.assertEqual(self.report_b.complainant_id.news_mail, "messages")

    def test_turn_off_needs_the_receipt_code(self):
        complainant = self.report_a.complainant_id
        # No report opened in this session.
        response = self._turn_off_on_status_page(self.report_a.number)
        self.assertEqual(response.status_code, 200)
        self.assertIn(ERROR_SUMMARY, response.text)
        self.assertNotIn("Statusmelding A", response.text)
        # A wrong code opens nothing, so still nothing to turn off.
        wrong = self._open_status(self.report_a.number, CODE_B)
        self.assertNotIn('id="mdd_news_mail_off"', wrong.text)
        response = self._turn_off_on_status_page(self.report_a.number)
        self.assertIn(ERROR_SUMMARY, response.text)
        self.assertEqual(complainant.news_mail, "messages")

    def test_turn_off_with_another_report_number_is_refused(self):
        self._open_status(self.report_b.number, CODE_B)
        response = self._turn_off_on_status_page(self.report_a.number)
        self.assertEqual(response.status_code, 200)
        self.assertIn(ERROR_SUMMARY, response.text)
        self.assertEqual(self.report_a.complainant_id.news_mail, "messages")
        self.assertEqual(self.report_b.complainant_id.news_mail, "messages")

    def test_turn_off_without_csrf_is_refused(self):
        self._open_status(self.report_a.number, CODE_A)
        response = self._turn_off_on_status_page(self.report_a.number, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.report_a.complainant_id.news_mail, "messages")

    def test_anonymous_report_offers_nothing(self):
        report = self._create_report(None, "Anonieme melding", code="MMMM-NNNN-PPPP-QQQQ-RRRR")
        page = self._open_status(report.number, "MMMM-NNNN-PPPP-QQQQ-RRRR")
        self.assertIn('id="mdd_status_stage"', page.text)
        self.assertNotIn('id="mdd_news_mail"', page.text)

    def test_public_form_asks_for_status_news(self):
        response = self._post_report(
            self._valid_report_data(
                contact="yes",
                name="Melder Formulier",
                email="melder.formulier@example.com",
                contact_channel="email",
                news_mail_stage="1",
            )
        )
        report, _code = self._submitted(response)
        self.assertEqual(report.complainant_id.news_mail, "messages_stage")
        response = self._post_report(self._valid_report_data(contact="no", news_mail_stage="1"))
        report, _code = self._submitted(response)
        self.assertTrue(report.complainant_id.anonymous)
        self.assertEqual(report.complainant_id.news_mail, "messages")
        self.assertFalse(report.complainant_id.news_mail_allowed)


@tagged("post_install", "-at_install", "mdd_public", "mdd_news")
class TestNewsMailPortal(MddNewsMailCase):
    def _turn_off(self, report, csrf=True, **data):
        if csrf:
            data["csrf_token"] = self._csrf("/melden")
        data.setdefault("confirm", "1")
        return self.url_open(
            f"/my/meldingen/{report.id}/geen-mail", data=data, allow_redirects=False
        )

    def test_complainant_turns_off_on_the_portal(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(f"/my/meldingen/{self.own_report.id}")
        self.assertIn('id="mdd_news_mail_off"', page.text)
        response = self._turn_off(self.own_report)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/meldingen/{self.own_report.id}")
        )
        complainant = self.own_report.complainant_id
        self.assertEqual(complainant.news_mail, "off")
        self.assertTrue(complainant.news_mail_date)
        page = self.url_open(f"/my/meldingen/{self.own_report.id}")
        self.assertIn('id="mdd_news_mail_is_off"', page.text)
        self.assertNotIn('id="mdd_news_mail_off"', page.text)

    def test_with_the_access_token(self):
        self.own_report._portal_ensure_token()
        token = self.own_report.access_token
        self.assertEqual(self._turn_off(self.own_report, access_token="wrong").status_code, 404)
        self.assertEqual(self.own_report.complainant_id.news_mail, "messages")
        response = self._turn_off(self.own_report, access_token=token)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.own_report.complainant_id.news_mail, "off")

    def test_someone_else_cannot_turn_off(self):
        for login in (None, self.other_portal_user.login, self.handler.login):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self._turn_off(self.own_report)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Eigen melding", response.text)
                self.assertEqual(self.own_report.complainant_id.news_mail, "messages")

    def test_without_csrf_is_refused(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self._turn_off(self.own_report, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.own_report.complainant_id.news_mail, "messages")


@tagged("post_install", "-at_install", "mdd_public", "mdd_tour", "mdd_news")
class TestNewsMailTour(MddNewsMailCase):
    def test_portal_user_turns_news_mails_off(self):
        self.start_tour(
            f"/my/meldingen/{self.own_report.id}",
            "mdd_news_mail_off_tour",
            login=self.portal_user.login,
        )
        complainant = self.own_report.complainant_id
        self.assertEqual(complainant.news_mail, "off")
        self.assertTrue(complainant.news_mail_date)
