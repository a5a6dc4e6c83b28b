# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The anonymous status page /melden/status (report number + receipt code)."""

import re

from odoo.tests import tagged

from .common_portal import ERROR_SUMMARY, PNG, MddPortalCase

CODE_A = "AAAA-BBBB-CCCC-DDDD-EEEE"
CODE_B = "FFFF-GGGG-HHHH-JJJJ-KKKK"


@tagged("post_install", "-at_install", "mdd_public")
class TestStatusPage(MddPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report_a = cls._create_report(None, "Anonieme melding A", code=CODE_A)
        cls.report_b = cls._create_report(None, "Anonieme melding B", code=CODE_B)
        cls.report_a.message_post(
            body="MDD-PUBLIC-REPLY: wij hebben uw melding ontvangen.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=cls.handler.partner_id.id,
        )
        cls.report_a.message_post(
            body="MDD-INTERNAL-NOTE: melder lijkt bekend bij de politie.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=cls.handler.partner_id.id,
        )
        cls.report_b.message_post(
            body="MDD-OTHER-REPORT reply.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=cls.handler.partner_id.id,
        )

    def _error_text(self, response):
        match = re.search(r'id="mdd_error_summary".*?</div>', response.text, re.S)
        return match and match.group(0)

    def _post_message(self, number, message="", files=None):
        self.env["mdd.throttle"].sudo().search([]).unlink()
        _response, csrf, _nonce = self._get_form("/melden/status")
        return self.url_open(
            "/melden/status/bericht",
            data={"csrf_token": csrf, "number": number, "message": message},
            files=files,
        )

    def test_lookup_page(self):
        response = self.url_open("/melden/status")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))
        self.assertIn('for="number"', response.text)
        self.assertIn('for="receipt_code"', response.text)

    def test_right_pair_shows_stage_and_public_messages_only(self):
        response = self._open_status(self.report_a.number, CODE_A)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))
        self.assertIn('id="mdd_status_stage"', response.text)
        # The stage, in the language of the page (Dutch by default).
        stage = self.report_a.stage_id
        self.assertIn(stage.with_context(lang="nl_NL").name, response.text)
        self.assertIn("MDD-PUBLIC-REPLY", response.text)
        self.assertNotIn("MDD-INTERNAL-NOTE", response.text)
        self.assertNotIn("MDD-OTHER-REPORT", response.text)
        # Case details and staff names stay out of the anonymous page.
        self.assertNotIn(self.handler.name, response.text)
        # Reloading shows the same page (session), without the code anywhere.
        again = self.url_open("/melden/status")
        self.assertIn("MDD-PUBLIC-REPLY", again.text)
        self.assertNotIn(CODE_A, again.text)
        # Closing forgets the report.
        _r, csrf, _n = self._get_form("/melden/status")
        closed = self.url_open("/melden/status/sluiten", data={"csrf_token": csrf})
        self.assertNotIn("MDD-PUBLIC-REPLY", closed.text)
        self.assertIn('id="mdd_status_form"', closed.text)

    def test_code_is_case_and_dash_insensitive(self):
        response = self._open_status(self.report_a.number.lower(), CODE_A.lower().replace("-", " "))
        self.assertIn("MDD-PUBLIC-REPLY", response.text)

    def test_wrong_pair_gives_one_generic_error(self):
        wrong_code = self._open_status(self.report_a.number, CODE_B)
        wrong_number = self._open_status("HT99999", CODE_A)
        other_report = self._open_status(self.report_b.number, CODE_A)
        empty_code = self._open_status(self.report_a.number, "")
        staff_report = self._open_status(self.own_report.number, CODE_A)
        errors = {
            self._error_text(response)
            for response in (wrong_code, wrong_number, other_report, empty_code, staff_report)
        }
        self.assertEqual(len(errors), 1, errors)
        self.assertTrue(errors.pop())
        for response in (wrong_code, wrong_number, other_report):
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("MDD-PUBLIC-REPLY", response.text)
            self.assertNotIn("MDD-OTHER-REPORT", response.text)
            self.assertNotIn('id="mdd_status_stage"', response.text)

    def test_guessing_is_throttled_per_report(self):
        Throttle = self.env["mdd.throttle"].sudo()
        Throttle.search([]).unlink()
        for _i in range(5):
            response = self._open_status(self.report_a.number, CODE_B, clear_throttle=False)
            # A new client each time: the per-client limit is not what stops it.
            Throttle.search([("scope", "=", "mdd_report_status")]).unlink()
        generic = self._error_text(response)
        response = self._open_status(self.report_a.number, CODE_A, clear_throttle=False)
        self.assertNotIn("MDD-PUBLIC-REPLY", response.text, "locked, even with the right code")
        self.assertIn(ERROR_SUMMARY, response.text)
        self.assertNotEqual(self._error_text(response), generic)
        # Another report is not locked.
        Throttle.search([("scope", "=", "mdd_report_status")]).unlink()
        response = self._open_status(self.report_b.number, CODE_B, clear_throttle=False)
        self.assertIn("MDD-OTHER-REPORT", response.text)
        # The number is hashed like a client address.
        self.assertFalse(Throttle.search([("key", "ilike", self.report_a.number)]))

    def test_guessing_is_throttled_per_client(self):
        Throttle = self.env["mdd.throttle"].sudo()
        Throttle.search([]).unlink()
        for _i in range(10):
            Throttle._hit("mdd_report_status", "127.0.0.1", 100, 10)
        response = self._open_status(self.report_a.number, CODE_A, clear_throttle=False)
        self.assertNotIn("MDD-PUBLIC-REPLY", response.text)
        self.assertIn(ERROR_SUMMARY, response.text)

    def test_add_message_and_file(self):
        self._open_status(self.report_a.number, CODE_A)
        before = self.report_a.message_ids
        response = self._post_message(
            self.report_a.number,
            "Ik heb nog een foto.",
            [("message_attachments", ("foto.png", PNG, "image/png"))],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="mdd_message_sent"', response.text)
        message = self.report_a.message_ids - before
        self.assertEqual(len(message), 1)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.attachment_ids.mimetype, "image/png")
        self.assertEqual(message.author_id, self.env.ref("base.public_partner"))
        self.assertIn("Ik heb nog een foto.", response.text)
        self.assertIn("o_mdd_message_mine", response.text)
        # Staff following the report are notified.
        self.assertIn(self.handler.partner_id, message.notified_partner_ids)
        # The complainant can download the file again; other ids are not served.
        download = self.url_open(f"/melden/status/bijlage/{message.attachment_ids.id}")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, PNG)
        other = self.env["ir.attachment"].create(
            {
                "name": "x.txt",
                "raw": b"x",
                "res_model": "helpdesk.ticket",
                "res_id": self.report_b.id,
            }
        )
        self.assertEqual(self.url_open(f"/melden/status/bijlage/{other.id}").status_code, 404)

    def test_bad_messages(self):
        self._open_status(self.report_a.number, CODE_A)
        cases = [
            ("message", "", None),
            ("message", "x" * 4001, None),
            (
                "message_attachments",
                "Bijlage",
                [("message_attachments", ("foto.jpg", b"MZ" + b"\x00" * 50, "image/jpeg"))],
            ),
        ]
        for field, text, files in cases:
            with self.subTest(field=field, length=len(text)):
                before = self.env["mail.message"].sudo().search_count([])
                response = self._post_message(self.report_a.number, text, files)
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, self._field_errors(response))
                self.assertEqual(self.env["mail.message"].sudo().search_count([]), before)

    def test_forged_number_on_message_route(self):
        """Opened report A; a message sent with the number of report B is refused."""
        self._open_status(self.report_a.number, CODE_A)
        before_a = self.report_a.message_ids
        before_b = self.report_b.message_ids
        response = self._post_message(self.report_b.number, "Valse bijdrage")
        self.assertEqual(response.status_code, 200)
        self.assertIn(ERROR_SUMMARY, response.text)
        self.assertNotIn("MDD-OTHER-REPORT", response.text)
        self.assertNotIn("MDD-PUBLIC-REPLY", response.text)
        self.assertEqual(self.report_b.message_ids, before_b)
        self.assertEqual(self.report_a.message_ids, before_a)

    def test_message_without_opened_report(self):
        before = self.report_a.message_ids
        response = self._post_message(self.report_a.number, "Zonder code")
        self.assertEqual(response.status_code, 200)
        self.assertIn(ERROR_SUMMARY, response.text)
        self.assertEqual(self.report_a.message_ids, before)
        self.assertEqual(
            self.url_open("/melden/status/bijlage/1").status_code, 404, "no report opened"
        )
