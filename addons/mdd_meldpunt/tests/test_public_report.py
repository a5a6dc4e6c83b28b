# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The public report form /melden: submission, and the bad-input matrix."""

import html
import re
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.addons.mdd_base.tools.abuse_guard import HONEYPOT_FIELD
from odoo.addons.mdd_base.tools.public_input import MAX_FILE_SIZE, PublicInputError
from odoo.tests import tagged
from odoo.tools.translate import code_translations

from ..controllers.report import FORM_LIST_FIELDS, REPORT_LIMIT
from .common import run_after_intake
from .common_portal import ERROR_SUMMARY, PDF, PNG, ZIP, MddPortalCase


@tagged("post_install", "-at_install", "mdd_public")
class TestPublicReportForm(MddPortalCase):
    def test_form_page(self):
        response = self.url_open("/melden")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))
        html = response.text
        self.assertIn('id="mdd_report_form"', html)
        self.assertIn('name="csrf_token"', html)
        self.assertIn(f'name="{HONEYPOT_FIELD}"', html)
        # Every visible question has a label linked to its input.
        for field_id in (
            "description",
            "incident_date",
            "incident_municipality",
            "incident_place",
            "attachments",
            "name",
            "email",
            "phone",
            "residence_municipality",
            "postcode",
            "age_group",
            "parental_consent",
            "consent_register",
            "consent_share",
        ):
            self.assertIn(f'for="{field_id}"', html, field_id)
            self.assertIn(f'id="{field_id}"', html, field_id)
        # Grounds and manifestations in plain language (the page is Dutch by
        # default; English when the visitor's language is English).
        for record in (self.ground, self.manifestation):
            labels = {record.with_context(lang=lang).public_label for lang in ("en_US", "nl_NL")}
            self.assertTrue(any(label in html for label in labels), labels)

    def test_website_menu(self):
        website = self.env["website"].get_current_website()
        menus = self.env["website.menu"].search([("website_id", "=", website.id)])
        self.assertIn("/melden", menus.mapped("url"))
        self.assertIn("/melden/status", menus.mapped("url"))

    def test_anonymous_report(self):
        before = self._counts()
        response = self._post_report(self._valid_report_data())
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))
        report, code = self._submitted(response)
        complainant = report.complainant_id
        self.assertTrue(complainant.anonymous)
        self.assertFalse(complainant.partner_id)
        self.assertTrue(complainant.consent_register)
        self.assertFalse(complainant.consent_contact)
        self.assertEqual(complainant.residence_municipality_id, self.assen)
        self.assertEqual(report.team_id, self.team_mdd)
        self.assertTrue(report.is_mdd_report)
        self.assertEqual(report.stage_id, self.env.ref("mdd_meldpunt.stage_new"))
        self.assertEqual(
            report.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        )
        self.assertEqual(report.incident_municipality_id, self.assen)
        self.assertEqual(report.ground_ids, self.ground)
        self.assertEqual(report.manifestation_ids, self.manifestation)
        self.assertEqual(report.report_type, "melding")
        after = self._counts()
        self.assertEqual(after["tickets"], before["tickets"] + 1)
        self.assertEqual(after["complainants"], before["complainants"] + 1)
        self.assertEqual(after["partners"], before["partners"], "no contact for anonymous")
        # The receipt code: long, random, only its hash is stored.
        self.assertGreaterEqual(len(code.replace("-", "")), 20)
        self.assertTrue(report._mdd_check_receipt_code(code))
        self.assertTrue(report._mdd_check_receipt_code(code.lower().replace("-", " ")))
        self.assertFalse(report._mdd_check_receipt_code(code[:-1] + "X"))
        stored = report.sudo().mdd_receipt_hash
        self.assertTrue(stored.startswith("pbkdf2_sha256$"))
        self.assertNotIn(code.replace("-", ""), stored)
        self.assertIn("/melden/status", response.text)
        # No mail to an anonymous complainant; the team is told (by the job).
        run_after_intake(self.env)
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", report.id)])
        )
        self.assertFalse(mails.filtered("email_to"))
        self.assertLessEqual(mails.recipient_ids, self.team_mdd.user_ids.partner_id)
        note = report.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("mail.mt_note")
                and self.handler.partner_id in m.partner_ids
            )
        )
        self.assertTrue(note, "the team members are notified")
        self.assertIn(self.handler.partner_id, report.message_partner_ids)

    def test_two_reports_get_different_codes(self):
        _report1, code1 = self._submitted(self._post_report(self._valid_report_data()))
        _report2, code2 = self._submitted(self._post_report(self._valid_report_data()))
        self.assertNotEqual(code1, code2)

    def test_report_with_contact_and_confirmation_mail(self):
        # The bureau's letterhead names its own town, not the incident's.
        self.env.company.write(
            {"name": "Testmeldpunt Brieven", "city": "Zwolle", "phone": "038 123 4567"}
        )
        data = self._valid_report_data(
            contact="yes",
            name="Fatma Yildiz",
            email="fatma.yildiz@example.com",
            phone="06 12345678",
            contact_channel="email",
            consent_share="1",
        )
        report, _code = self._submitted(self._post_report(data))
        run_after_intake(self.env)
        complainant = report.complainant_id
        self.assertFalse(complainant.anonymous)
        self.assertEqual(complainant.email, "fatma.yildiz@example.com")
        self.assertTrue(complainant.consent_contact and complainant.consent_share)
        self.assertTrue(complainant.consent_contact_date)
        self.assertTrue(complainant.partner_id)
        self.assertNotIn(complainant.partner_id, report.message_partner_ids)
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", report.id),
                    ("recipient_ids", "in", complainant.partner_id.ids),
                ]
            )
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(report.number, mail.subject)
        self.assertIn(report.number, mail.body_html)
        self.assertIn(
            f"/my/meldingen/{report.id}?access_token={report.access_token}", mail.body_html
        )
        # Nothing of the case in the mail.
        labels = [self.ground.with_context(lang=lang).public_label for lang in ("en_US", "nl_NL")]
        for detail in ("disco", "Markt", *labels, "Assen"):
            self.assertNotIn(detail, mail.body_html)
            self.assertNotIn(detail, mail.subject)
        # On the bureau's letterhead: its name above, its contact details below.
        body = html.unescape(re.sub(r"<[^>]+>", " ", mail.body_html))
        self.assertIn("o_mdd_mail_header", mail.body_html)
        self.assertIn("Testmeldpunt Brieven", body)
        self.assertIn("038 123 4567", body)
        self.assertNotIn("Powered by", body)
        # Staff replies do not go to the complainant by mail.
        report.with_user(self.handler).message_post(
            body="Wij nemen contact op.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertNotIn(complainant.partner_id, report.message_partner_ids)

    def test_routing_emmen_resident(self):
        data = self._valid_report_data(residence_municipality=str(self.emmen.id))
        report, _code = self._submitted(self._post_report(data))
        self.assertEqual(report.team_id, self.team_emmen)

    def test_evidence_files(self):
        files = [
            ("attachments", ("foto.png", PNG, "image/png")),
            ("attachments", ("brief.pdf", PDF, "application/pdf")),
            ("attachments", ("notitie.txt", b"Wat er gezegd werd.", "text/plain")),
        ]
        report, _code = self._submitted(self._post_report(self._valid_report_data(), files))
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", report.id)])
        )
        self.assertEqual(
            sorted(attachments.mapped("mimetype")), ["application/pdf", "image/png", "text/plain"]
        )

    def test_minor_anonymous_without_parental_consent(self):
        report, _code = self._submitted(
            self._post_report(self._valid_report_data(age_group="0_15"))
        )
        self.assertTrue(report.complainant_id.is_minor)
        self.assertTrue(report.complainant_id.anonymous)

    def test_minor_with_parental_consent_and_contact(self):
        data = self._valid_report_data(
            age_group="0_15",
            contact="yes",
            phone="0592 123456",
            contact_channel="phone",
            parental_consent="1",
        )
        report, _code = self._submitted(self._post_report(data))
        self.assertTrue(report.complainant_id.parental_consent)
        self.assertFalse(report.complainant_id.partner_id, "no mail contact: no partner")

    def test_html_and_script_are_stored_safely_and_shown_escaped(self):
        text = '<script>alert("x")</script><b onmouseover="evil()">vet</b>'
        report, code = self._submitted(self._post_report(self._valid_report_data(description=text)))
        description = str(report.description)
        self.assertNotIn("<script", description)
        self.assertNotIn("<b ", description)
        self.assertIn("&lt;script&gt;", description)
        # The complainant's own messages are escaped too.
        response = self._open_status(report.number, code)
        self.assertIn('id="mdd_status_stage"', response.text)
        _r, csrf, _n = self._get_form("/melden/status")
        response = self.url_open(
            "/melden/status/bericht",
            data={"csrf_token": csrf, "number": report.number, "message": text},
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("<script>alert", response.text)
        self.assertIn("&lt;script&gt;alert", response.text)

    def test_replay_does_not_reveal_the_code_again(self):
        data = self._valid_report_data()
        _response, csrf, nonce = self._get_form()
        payload = {"csrf_token": csrf, "form_nonce": nonce, **data}
        self.env["mdd.throttle"].sudo().search([]).unlink()
        first = self.url_open("/melden", data=payload)
        _report, code = self._submitted(first)
        before = self._counts()
        again = self.url_open("/melden", data=payload)
        self.assertEqual(again.status_code, 200)
        self.assertNotIn(code, again.text)
        self.assertNotIn('id="mdd_receipt_code"', again.text)
        self.assertIn(ERROR_SUMMARY, again.text)
        self.assertEqual(self._counts(), before)

    def test_form_token_is_claimed_once_in_the_database(self):
        # The session check stops a replay in the same session; the claim in
        # the database also stops one the session did not see (a request
        # sent twice at once, see tests/test_concurrency.py).
        Ticket = self.env["helpdesk.ticket"].sudo()
        data = self._valid_report_data()
        values = {key: value for key, value in data.items() if key not in FORM_LIST_FIELDS}
        values.update({key: data.get(key, []) for key in FORM_LIST_FIELDS})
        token = ("mdd_report", "token-claimed-once")
        report, _code = Ticket._mdd_create_from_public(values, form_token=token)
        before = self._counts()
        with self.assertRaises(PublicInputError) as caught:
            Ticket._mdd_create_from_public(values, form_token=token)
        self.assertEqual(list(caught.exception.errors), ["form"])
        self.assertEqual(self._counts(), before)
        # A validation error does not use up the token.
        other = ("mdd_report", "token-after-error")
        with self.assertRaises(PublicInputError):
            Ticket._mdd_create_from_public(dict(values, description=""), form_token=other)
        again, _code = Ticket._mdd_create_from_public(values, form_token=other)
        self.assertNotEqual(again, report)
        # Only a hash of the token is stored.
        keys = self.env["mdd.form.token"].sudo().search([]).mapped("key")
        self.assertNotIn("token-claimed-once", keys)
        self.assertEqual(len(keys), 2)

    def test_logged_in_portal_user_is_linked(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        data = self._valid_report_data(
            contact="yes", email=self.portal_user.email, contact_channel="email"
        )
        report, _code = self._submitted(self._post_report(data))
        self.assertEqual(report.complainant_id.partner_id, self.portal_user.partner_id)
        self.assertTrue(report.with_user(self.portal_user).has_access("read"))

    def test_no_website_visitor_is_tracked(self):
        # Website tracking (website.visitor, website.track) follows the views'
        # "track" flag: the report pages never set it.
        for xmlid in ("report_form", "report_thanks", "report_status_lookup", "report_status"):
            self.assertFalse(self.env.ref(f"mdd_meldpunt.{xmlid}").track, xmlid)
        Visitor = self.env["website.visitor"].sudo()
        self.opener.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
        visitors = Visitor.search([])
        fields_to_compare = [
            "access_token",
            "last_connection_datetime",
            "visit_count",
            "write_date",
        ]
        stamps = visitors.read(fields_to_compare)
        report, code = self._submitted(self._post_report(self._valid_report_data()))
        self._open_status(report.number, code)
        self.assertEqual(Visitor.search([]), visitors, "no visitor created")
        visitors.invalidate_recordset()
        self.assertEqual(visitors.read(fields_to_compare), stamps, "no visitor updated")
        self.assertFalse(self.env["website.track"].sudo().search([("url", "like", "/melden")]))


@tagged("post_install", "-at_install", "mdd_public")
class TestPublicReportBadInput(MddPortalCase):
    """Every bad input: a clear error at the field, and nothing created."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The Dutch messages of the add-on and of the shared form reading
        # (mdd_base), as patterns (placeholders filled in).
        cls.dutch_messages = [
            re.compile(
                "^" + re.sub(r"%\\\(\w+\\\)s|%s|%d", ".+", re.escape(" ".join(text.split()))) + "$"
            )
            for module in ("mdd_base", "mdd_meldpunt")
            for text in code_translations.get_python_translations(module, "nl_NL").values()
        ]

    def assertDutchError(self, response, field):
        """The page is Dutch and the field's message is a Dutch message."""
        self.assertIn('lang="nl-NL"', response.text)
        found = re.search(rf'<div[^>]*id="{field}_error"[^>]*>(.*?)</div>', response.text, re.S)
        self.assertTrue(found, f"no message for {field}")
        message = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())
        self.assertTrue(
            any(pattern.match(message) for pattern in self.dutch_messages),
            f"not a Dutch message for {field}: {message!r}",
        )

    def assertRefused(self, response, field, before):
        self.assertEqual(response.status_code, 200)
        self.assertNotIn('id="mdd_receipt_code"', response.text)
        self.assertIn(ERROR_SUMMARY, response.text)
        if field == "form":
            self.assertIn('role="alert"', response.text)
        else:
            self.assertDutchError(response, field)
            self.assertIn(field, self._field_errors(response))
            self.assertIn(f'id="{field}_error"', response.text)
            # The message is announced with its field (aria-describedby).
            self.assertRegex(response.text, rf'aria-describedby="[^"]*\b{field}_error\b')
        self.assertEqual(self._counts(), before, f"something was created ({field})")

    def test_missing_fields(self):
        required = {
            "description": "description",
            "incident_date": "incident_date",
            "incident_municipality": "incident_municipality",
            "ground_ids": "ground_ids",
            "manifestation_ids": "manifestation_ids",
            "role": "role",
            "contact": "contact",
            "age_group": "age_group",
            "consent_register": "consent_register",
            "residence_municipality": "residence_municipality",
        }
        for missing, field in required.items():
            with self.subTest(missing=missing):
                before = self._counts()
                data = self._valid_report_data(**{missing: None})
                response = self._post_report(data)
                self.assertRefused(response, field, before)
                # The rest of the input is kept (files excepted).
                if missing != "description":
                    self.assertIn("mochten wel naar binnen", response.text)

    def test_empty_form(self):
        before = self._counts()
        response = self._post_report({})
        self.assertRefused(response, "description", before)
        self.assertGreaterEqual(len(self._field_errors(response)), 8)

    def test_contact_without_details(self):
        cases = {
            "email": {"contact": "yes", "contact_channel": "email"},
            "phone": {"contact": "yes", "contact_channel": "phone"},
            "contact_channel": {"contact": "yes", "email": "a@example.com"},
        }
        for field, overrides in cases.items():
            with self.subTest(field=field):
                before = self._counts()
                self.assertRefused(
                    self._post_report(self._valid_report_data(**overrides)), field, before
                )

    def test_invalid_values(self):
        today = fields.Date.today()
        cases = [
            ("incident_date", {"incident_date": (today + timedelta(days=1)).isoformat()}),
            ("incident_date", {"incident_date": "31-02-2024"}),
            ("incident_date", {"incident_date": "1800-01-01"}),
            ("incident_municipality", {"incident_municipality": "999999"}),
            ("incident_municipality", {"incident_municipality": "'; drop table"}),
            ("ground_ids", {"ground_ids": ["999999", "abc"]}),
            ("role", {"role": "boss"}),
            ("age_group", {"age_group": "99"}),
            ("email", {"contact": "yes", "email": "not-an-address", "contact_channel": "email"}),
            ("phone", {"contact": "yes", "phone": "call me", "contact_channel": "phone"}),
            ("postcode", {"residence_municipality": "", "postcode": "ABCD 12"}),
            ("postcode", {"residence_municipality": "other", "postcode": ""}),
            ("residence_municipality", {"residence_municipality": "424242"}),
            (
                "parental_consent",
                {
                    "age_group": "0_15",
                    "contact": "yes",
                    "email": "kind@example.com",
                    "contact_channel": "email",
                },
            ),
        ]
        for field, overrides in cases:
            with self.subTest(field=field, values=overrides):
                before = self._counts()
                self.assertRefused(
                    self._post_report(self._valid_report_data(**overrides)), field, before
                )

    def test_future_date(self):
        before = self._counts()
        tomorrow = (fields.Date.today() + timedelta(days=2)).isoformat()  # in every zone
        response = self._post_report(self._valid_report_data(incident_date=tomorrow))
        self.assertRefused(response, "incident_date", before)
        self.assertIn(f'value="{tomorrow}"', response.text, "the input is kept")

    def test_too_long_text(self):
        cases = {
            "description": "x" * 10000,
            "incident_place": "y" * 201,
            "name": "z" * 101,
        }
        for field, value in cases.items():
            with self.subTest(field=field):
                before = self._counts()
                data = self._valid_report_data(**{field: value})
                if field == "name":
                    data.update(contact="yes", email="a@example.com", contact_channel="email")
                self.assertRefused(self._post_report(data), field, before)

    def test_oversized_file(self):
        before = self._counts()
        # Just over the limit (with line breaks, like any real file).
        big = b"%PDF-1.4\n" + (b"0" * 1023 + b"\n") * (MAX_FILE_SIZE // 1024 + 1)
        response = self._post_report(
            self._valid_report_data(), [("attachments", ("groot.pdf", big, "application/pdf"))]
        )
        self.assertRefused(response, "attachments", before)

    def test_disguised_files(self):
        cases = {
            "program as photo": ("foto.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200, "image/jpeg"),
            "png named pdf": ("brief.pdf", PNG, "application/pdf"),
            "html as text": (
                "notitie.txt",
                b"<html><script>alert(1)</script></html>",
                "text/plain",
            ),
            "svg as photo": (
                "foto.png",
                b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
                "image/png",
            ),
            "zip as pdf": ("brief.pdf", ZIP, "application/pdf"),
            "no extension": ("foto", PNG, "image/png"),
            "empty": ("leeg.txt", b"", "text/plain"),
        }
        for label, upload in cases.items():
            with self.subTest(file=label):
                before = self._counts()
                response = self._post_report(self._valid_report_data(), [("attachments", upload)])
                self.assertRefused(response, "attachments", before)

    def test_too_many_files(self):
        before = self._counts()
        files = [("attachments", (f"foto{i}.png", PNG, "image/png")) for i in range(6)]
        self.assertRefused(
            self._post_report(self._valid_report_data(), files), "attachments", before
        )

    def test_honeypot(self):
        before = self._counts()
        data = self._valid_report_data(**{HONEYPOT_FIELD: "http://spam.example.com"})
        self.assertRefused(self._post_report(data), "form", before)

    def test_throttle_reached(self):
        Throttle = self.env["mdd.throttle"].sudo()
        Throttle.search([]).unlink()
        for _i in range(REPORT_LIMIT):
            Throttle._hit("mdd_report", "127.0.0.1", 100, 10)
        before = self._counts()
        response = self._post_report(self._valid_report_data(), clear_throttle=False)
        self.assertRefused(response, "form", before)
        self.assertIn("mochten wel naar binnen", response.text, "the input is kept")
        # Only a hash is kept of the client, never the address.
        self.assertFalse(Throttle.search([("key", "like", "127.0.0.1")]))
        self.assertFalse(Throttle.search([("scope", "like", "127.0.0.1")]))

    def test_captcha_refused(self):
        before = self._counts()
        with patch.object(
            type(self.env["ir.http"]), "_verify_request_recaptcha_token", return_value=False
        ):
            response = self._post_report(self._valid_report_data())
        self.assertRefused(response, "form", before)

    def test_csrf_required(self):
        before = self._counts()
        self.env["mdd.throttle"].sudo().search([]).unlink()
        _response, _csrf, nonce = self._get_form()
        response = self.url_open("/melden", data={"form_nonce": nonce, **self._valid_report_data()})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)

    def test_unexpected_error_is_not_a_500(self):
        before = self._counts()
        with (
            patch(
                "odoo.addons.mdd_meldpunt.models.helpdesk_ticket_intake.HelpdeskTicket."
                "_mdd_trigger_after_intake",
                side_effect=RuntimeError("boom"),
            ),
            self.assertLogs("odoo.addons.mdd_meldpunt.controllers.report", level="ERROR"),
        ):
            response = self._post_report(self._valid_report_data())
        self.assertRefused(response, "form", before)
