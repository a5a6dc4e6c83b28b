# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""News mails: the complainant hears there is news on their report, without
the news itself (no body, no title, no names, no attachment)."""

import base64
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import RecordCapturer
from odoo.tools import html2plaintext, mute_logger

from .common import MddCase

CODE = "QWER-TYUP-ASDF-GHJK-ZXCV"
NOW = datetime(2026, 3, 2, 10, 0, 0)
SECRET_BODY = "MDD-SECRET-BODY: de portier heeft bekend"
SECRET_TITLE = "MDD-SECRET-TITLE Geweigerd bij discotheek"


@tagged("post_install", "-at_install", "mdd_news")
class TestNewsMail(MddCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("nl_NL")
        env.company.write({"name": "Testmeldpunt BV", "email": "info@testmeldpunt.example.org"})
        cls.staff = new_test_user(
            env,
            login="mdd_news_staff",
            name="Hendrika Behandelaar",
            email="hendrika.behandelaar@example.org",
            groups="base.group_user,mdd_meldpunt.group_mdd_user",
        )
        cls.colleague = new_test_user(
            env,
            login="mdd_news_colleague",
            name="Cornelis Collega",
            email="cornelis.collega@example.org",
            groups="base.group_user,mdd_meldpunt.group_mdd_user",
        )
        cls.team_mdd.user_ids = [(4, cls.staff.id), (4, cls.colleague.id)]
        cls.melder = cls._create_complainant(
            name="Melder Zonder Account",
            email="melder.nieuws@example.com",
            contact_channel="email",
            consent_contact=True,
            residence_municipality_id=cls.assen.id,
        )
        cls.melder.action_create_partner()
        cls.melder.partner_id.lang = "nl_NL"
        cls.news_report = cls._create_report(cls.melder, name=SECRET_TITLE)
        Ticket = env["helpdesk.ticket"]
        cls.news_report.sudo().mdd_receipt_hash = Ticket._mdd_hash_receipt_code(CODE)
        cls.news_report.message_subscribe(partner_ids=cls.colleague.partner_id.ids)
        cls.template = env.ref("mdd_meldpunt.mail_template_news")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _post(self, report=None, subtype="mail.mt_comment", body=SECRET_BODY, **kwargs):
        """A message of a handler in the report's chatter, as in the backend."""
        report = report or self.news_report
        return report.with_user(self.staff).message_post(
            body=body, message_type="comment", subtype_xmlid=subtype, **kwargs
        )

    def _send_due(self, minutes=16):
        """Run the cron once the window has closed."""
        with freeze_time(NOW + timedelta(minutes=minutes)):
            self.env["helpdesk.ticket"]._mdd_cron_send_news()

    def _news_mails(self, complainant=None):
        complainant = complainant or self.melder
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("email_to", "=", complainant.email),
                    ("model", "=", "helpdesk.ticket"),
                ]
            )
        )

    def _mails_with(self, text):
        return self.env["mail.mail"].sudo().search([("body_html", "ilike", text)])

    # ------------------------------------------------------------------
    # One mail, without content
    # ------------------------------------------------------------------

    def test_staff_message_gives_one_mail_without_content(self):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "MDD-SECRET-FILE.txt",
                "datas": base64.b64encode(b"bewijs"),
                "res_model": "helpdesk.ticket",
                "res_id": self.news_report.id,
            }
        )
        with freeze_time(NOW):
            message = self._post(attachment_ids=attachment.ids)
        self.assertEqual(self.news_report.mdd_news_kind, "message")
        self.assertEqual(self.news_report.mdd_news_due, NOW + timedelta(minutes=15))
        # Before the window closes: nothing yet.
        self._send_due(minutes=14)
        self.assertFalse(self._news_mails())
        self._send_due()
        mail = self._news_mails()
        self.assertEqual(len(mail), 1)
        self.assertFalse(self.news_report.mdd_news_due)
        self.assertTrue(self.news_report.mdd_news_sent_date)

        number = self.news_report.number
        link = f"/melden/status?number={number}"
        self.assertIn(number, mail.subject)
        self.assertIn(link, mail.body_html)
        self.assertEqual(mail.email_to, self.melder.email)
        self.assertFalse(mail.recipient_ids)
        self.assertFalse(mail.attachment_ids)
        # From the bureau, not from the handler.
        self.assertEqual(mail.email_from, self.env.company.email_formatted)
        self.assertEqual(mail.reply_to, self.env.company.email_formatted)
        # What goes out: the mail record and the email built from it.
        outgoing = mail._prepare_outgoing_list()
        self.assertEqual(len(outgoing), 1)
        self.assertFalse(outgoing[0].get("attachments"))
        everything = " ".join(
            str(value or "")
            for value in (
                mail.subject,
                mail.body_html,
                mail.body,
                mail.email_from,
                mail.reply_to,
                mail.email_to,
                mail.email_cc,
                mail.headers,
                mail.record_name,
                *outgoing[0].values(),
            )
        )
        for secret in (
            "MDD-SECRET",
            SECRET_TITLE,
            self.staff.name,
            self.staff.email,
            self.colleague.name,
            self.melder.name,
            CODE,
            CODE.replace("-", ""),
            "access_token",
        ):
            self.assertNotIn(secret, everything)
        # Staff following the report keep Odoo's notification, with the body.
        self.assertIn(self.colleague.partner_id, message.notified_partner_ids)
        self.assertNotIn(self.melder.partner_id, message.notified_partner_ids)

    def test_mail_is_dutch(self):
        self._post_in_window()
        mail = self._news_mails()
        self.assertEqual(len(mail), 1)
        text = html2plaintext(mail.body_html)
        self.assertIn(f"Er is een nieuw bericht over je melding {self.news_report.number}.", text)
        self.assertIn("Je hebt je ontvangstcode nodig om je melding te openen.", text)
        self.assertIn("Je kunt deze e-mails uitzetten op dezelfde pagina.", text)
        self.assertEqual(mail.subject, f"Nieuws over je melding {self.news_report.number}")

    def _post_in_window(self, count=1):
        with freeze_time(NOW):
            for index in range(count):
                self._post(body=f"{SECRET_BODY} {index}")
        self._send_due()

    def test_portal_complainant_gets_the_portal_link(self):
        """With an account: the portal page after logging in, no access token."""
        complainant = self.complainant  # linked to a portal user (common.py)
        complainant.contact_channel = "email"
        with freeze_time(NOW):
            self._post(report=self.report)
        self._send_due()
        mail = self._news_mails(complainant)
        self.assertEqual(len(mail), 1)
        self.assertIn(
            f"/web/login?redirect=%2Fmy%2Fmeldingen%2F{self.report.id}",
            mail.body_html,
        )
        self.assertNotIn("access_token", mail.body_html)
        self.assertNotIn(self.report.access_token or "no token", mail.body_html)
        self.assertNotIn("Geweigerd bij de deur", mail.body_html)

    def test_report_by_mail_gets_its_personal_link(self):
        """No account, no receipt code, but the acknowledgement of a report
        sent by mail had the personal link of the report: the same link."""
        self.news_report.sudo().mdd_receipt_hash = False
        self.news_report._portal_ensure_token()
        self._post_in_window()
        mail = self._news_mails()
        self.assertEqual(len(mail), 1)
        self.assertIn(
            f"/my/meldingen/{self.news_report.id}?access_token={self.news_report.access_token}",
            mail.body_html.replace("&amp;", "&"),
        )
        text = html2plaintext(mail.body_html)
        self.assertIn("Deze link is persoonlijk: stuur deze e-mail niet door.", text)
        self.assertNotIn("MDD-SECRET", mail.body_html)

    def test_three_messages_in_window_give_one_mail(self):
        with freeze_time(NOW):
            self._post(body="Eerste")
        with freeze_time(NOW + timedelta(minutes=5)):
            self._post(body="Tweede")
        with freeze_time(NOW + timedelta(minutes=10)):
            self._post(body="Derde")
        self.assertEqual(self.news_report.mdd_news_due, NOW + timedelta(minutes=15))
        self._send_due()
        self.assertEqual(len(self._news_mails()), 1)
        # The cron runs again: nothing more to send.
        self._send_due(minutes=30)
        self.assertEqual(len(self._news_mails()), 1)
        # A message after the mail opens a new window: a second mail.
        with freeze_time(NOW + timedelta(minutes=40)):
            self._post(body="Vierde")
        self._send_due(minutes=56)
        self.assertEqual(len(self._news_mails()), 2)

    def test_window_is_a_setting_and_triggers_the_cron(self):
        self.env["ir.config_parameter"].sudo().set_param("mdd_meldpunt.news_mail_delay", "30")
        cron = self.env.ref("mdd_meldpunt.ir_cron_mdd_news_mail")
        capture = RecordCapturer(self.env["ir.cron.trigger"].sudo(), [("cron_id", "=", cron.id)])
        with capture, freeze_time(NOW):
            self._post()
            self._post()
        self.assertEqual(self.news_report.mdd_news_due, NOW + timedelta(minutes=30))
        self.assertEqual(capture.records.mapped("call_at"), [NOW + timedelta(minutes=30)])
        self._send_due(minutes=16)
        self.assertFalse(self._news_mails())
        self._send_due(minutes=31)
        self.assertEqual(len(self._news_mails()), 1)

    def test_setting_bounds(self):
        Settings = self.env["res.config.settings"]
        self.assertEqual(Settings.create({}).mdd_news_mail_delay, 15)
        for wrong in (-5, 2000):
            with self.subTest(wrong=wrong), self.assertRaises(ValidationError):
                Settings.create({"mdd_news_mail_delay": wrong})

    def test_never_sent_from_a_person(self):
        """Without an address of the bureau the mail waits; it never goes out
        from the handler or the system user."""
        self.env.company.email = False
        with freeze_time(NOW):
            self._post()
        with (
            patch.object(
                type(self.env["ir.mail_server"]), "_get_default_from_address", lambda self: False
            ),
            mute_logger("odoo.addons.mdd_meldpunt.models.helpdesk_ticket_news"),
        ):
            self._send_due()
        self.assertFalse(self._news_mails())
        self.assertTrue(self.news_report.mdd_news_due, "still pending")
        self.env.company.email = "info@testmeldpunt.example.org"
        self._send_due(minutes=20)
        self.assertEqual(len(self._news_mails()), 1)

    # ------------------------------------------------------------------
    # What is no news for the complainant
    # ------------------------------------------------------------------

    def test_internal_note_gives_none(self):
        with freeze_time(NOW):
            self._post(subtype="mail.mt_note")
            self.news_report.with_user(self.staff).message_post(
                body=SECRET_BODY, message_type="comment", is_internal=True
            )
        self.assertFalse(self.news_report.mdd_news_due)
        self._send_due()
        self.assertFalse(self._news_mails())
        self.assertFalse(
            self._mails_with("MDD-SECRET").filtered(
                lambda m: self.melder.email in (m.email_to or "")
            )
        )

    def test_complainant_own_message_gives_none(self):
        with freeze_time(NOW):
            self.news_report._mdd_post_from_complainant("Ik heb nog een foto.")
        self.assertFalse(self.news_report.mdd_news_due)
        self._send_due()
        self.assertFalse(self._news_mails())

    def test_no_consent_gives_none(self):
        cases = {
            "no consent": {"consent_contact": False},
            "contact by phone": {"contact_channel": "phone"},
            "turned off": {"news_mail": "off"},
        }
        for case, values in cases.items():
            with self.subTest(case=case):
                self.melder.write(
                    {
                        "consent_contact": True,
                        "contact_channel": "email",
                        "news_mail": "messages",
                        **values,
                    }
                )
                with freeze_time(NOW):
                    self._post()
                self.assertFalse(self.news_report.mdd_news_due, case)
                self._send_due()
                self.assertFalse(self._news_mails(), case)

    def test_anonymous_report_gives_none(self):
        anonymous = self._create_complainant(anonymous=True)
        report = self._create_report(anonymous, name="Anoniem")
        report.sudo().mdd_receipt_hash = report._mdd_hash_receipt_code(CODE)
        before = self.env["mail.mail"].sudo().search([])
        with freeze_time(NOW):
            self._post(report=report)
        self.assertFalse(report.mdd_news_due)
        self._send_due()
        new = self.env["mail.mail"].sudo().search([]) - before
        self.assertFalse(new.filtered(lambda m: m.res_id == report.id and not m.recipient_ids))

    def test_no_page_to_read_it_gives_none(self):
        """Registered by staff, no account, no receipt code: nowhere to read
        the news, so no mail that would lead nowhere."""
        self.news_report.sudo().write({"mdd_receipt_hash": False, "access_token": False})
        with freeze_time(NOW):
            self._post()
        self.assertFalse(self.news_report.mdd_news_due)

    # ------------------------------------------------------------------
    # Stage changes
    # ------------------------------------------------------------------

    def test_stage_change_only_with_consent(self):
        with freeze_time(NOW):
            self.news_report.with_user(self.staff).stage_id = self.stage_in_progress
        self.assertFalse(self.news_report.mdd_news_due, "not asked for")
        self.melder.news_mail = "messages_stage"
        with freeze_time(NOW):
            self.news_report.with_user(self.staff).stage_id = self.env.ref(
                "mdd_meldpunt.stage_waiting"
            )
            # Writing the same stage again is no change.
            self.news_report.with_user(self.staff).write({"name": "Nieuwe titel"})
        self.assertEqual(self.news_report.mdd_news_kind, "stage")
        self._send_due()
        mail = self._news_mails()
        self.assertEqual(len(mail), 1)
        text = html2plaintext(mail.body_html)
        self.assertIn(f"De status van je melding {self.news_report.number} is veranderd.", text)
        self.assertNotIn("Wacht", text)  # no stage name

    def test_own_stage_change_gives_none(self):
        """A complainant who closes their report on the portal is not told."""
        self.complainant.write({"contact_channel": "email", "news_mail": "messages_stage"})
        as_complainant = self.report.with_user(self.portal_complainant).sudo()
        as_complainant.stage_id = self.stage_in_progress
        self.assertFalse(self.report.mdd_news_due)
        self.report.with_user(self.staff).stage_id = self.env.ref("mdd_meldpunt.stage_waiting")
        self.assertEqual(self.report.mdd_news_kind, "stage")

    def test_message_and_stage_change_give_one_mail_about_the_message(self):
        self.melder.news_mail = "messages_stage"
        with freeze_time(NOW):
            self.news_report.with_user(self.staff).stage_id = self.stage_in_progress
            self._post()
        self.assertEqual(self.news_report.mdd_news_kind, "message")
        self._send_due()
        mail = self._news_mails()
        self.assertEqual(len(mail), 1)
        self.assertIn("nieuw bericht", mail.body_html)

    # ------------------------------------------------------------------
    # Opting out
    # ------------------------------------------------------------------

    def test_opt_out_stops_the_mails_and_is_recorded(self):
        with freeze_time(NOW):
            self._post()
        self.assertTrue(self.news_report.mdd_news_due)
        with freeze_time(NOW + timedelta(minutes=5)):
            self.melder._mdd_turn_off_news_mail("status_page")
        self.assertEqual(self.melder.news_mail, "off")
        self.assertEqual(self.melder.news_mail_date, NOW.date())
        self.assertFalse(self.melder.news_mail_allowed)
        note = self.melder.message_ids.filtered(
            lambda m: "statuspagina" in str(m.body) or "status page" in str(m.body)
        )
        self.assertEqual(len(note), 1)
        # Pending news is not sent any more, nor is later news.
        self._send_due()
        self.assertFalse(self._news_mails())
        with freeze_time(NOW + timedelta(minutes=20)):
            self._post()
        self._send_due(minutes=40)
        self.assertFalse(self._news_mails())
        # The data-subject export holds the choice and its date.
        exported = self.env["mdd.complainant"]._mdd_export_record(self.melder)
        self.assertEqual(exported["News mails"], "Off")
        self.assertEqual(exported["News mails chosen on"][:10], NOW.date().isoformat())

    # ------------------------------------------------------------------
    # Odoo's notifications never reach the complainant
    # ------------------------------------------------------------------

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_complainant_never_gets_the_content_from_odoo(self):
        partner = self.melder.partner_id
        # Even when someone tries to make them a follower, or addresses the
        # message to them (the composer's recipients).
        self.news_report.message_subscribe(partner_ids=partner.ids)
        self.assertNotIn(partner, self.news_report.message_partner_ids)
        self.news_report.sudo().partner_id = partner
        suggested = self.news_report._message_get_suggested_recipients()
        self.assertFalse([r for r in suggested if r.get("partner_id") == partner.id])
        message = self._post(partner_ids=partner.ids)
        self.assertNotIn(partner, message.notified_partner_ids)
        leaked = self._mails_with("MDD-SECRET-BODY").filtered(
            lambda m: partner in m.recipient_ids or self.melder.email in (m.email_to or "")
        )
        self.assertFalse(leaked)
        self.assertFalse(
            self.env["mail.notification"]
            .sudo()
            .search([("mail_message_id", "=", message.id), ("res_partner_id", "=", partner.id)])
        )
        # The staff follower still gets it.
        self.assertIn(self.colleague.partner_id, message.notified_partner_ids)
