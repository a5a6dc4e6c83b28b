# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reports by email: raw RFC 822 mails fed through the mail gateway
(``message_process``) into a bureau's alias."""

from email.message import EmailMessage
from email.utils import format_datetime

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MddCase, run_after_intake
from .common_portal import PDF, PNG

BODY_SECRET = "MDD-BODY-SECRET supermarkt"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@tagged("post_install", "-at_install", "mdd_mail_intake")
class TestMailIntake(MddCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context, tracking_disable=False, mail_create_nolog=False, mail_notrack=False
            )
        )
        domain = cls.env["mail.alias.domain"].create(
            {"name": "meldpunt.test", "bounce_alias": "bounce-t", "catchall_alias": "catchall-t"}
        )
        cls.env.company.alias_domain_id = domain
        cls.env.company.email = "bureau@meldpunt.test"
        cls.team_mdd.alias_id.write({"alias_name": "mdd-intake-t", "alias_domain_id": domain.id})
        cls.team_emmen.alias_id.write(
            {"alias_name": "mdd-intake-emmen-t", "alias_domain_id": domain.id}
        )
        cls.alias_email = "mdd-intake-t@meldpunt.test"
        # An existing contact whose address is in Cc: the helpdesk would make
        # it a follower of the report.
        cls.colleague = cls.env["res.partner"].create(
            {"name": "Collega", "email": "collega.cc@example.com"}
        )
        cls.counter = 0

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _mail(self, sender, subject, body, *, to=None, cc=None, attachments=(), headers=None):
        """A raw RFC 822 mail, as the mail server hands it over."""
        type(self).counter += 1
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = to or self.alias_email
        if cc:
            msg["Cc"] = cc
        msg["Subject"] = subject
        msg["Date"] = format_datetime(fields.Datetime.now().replace(tzinfo=None).astimezone())
        msg["Message-ID"] = f"<mdd-intake-{self.counter}@mail.example.org>"
        for name, value in (headers or {}).items():
            msg[name] = value
        msg.set_content(body)
        for name, data, maintype, subtype in attachments:
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        return msg.as_bytes()

    def _process(self, raw):
        """Process ``raw`` as the mail gateway does, then the after-intake job."""
        result = self.env["mail.thread"].message_process(None, raw)
        run_after_intake(self.env)
        return result

    def _state(self):
        """What the tests count, read as superuser."""
        env = self.env
        return {
            "reports": env["helpdesk.ticket"].search([("is_mdd_report", "=", True)]),
            "complainants": env["mdd.complainant"].search([]),
            "partners": env["res.partner"].with_context(active_test=False).search([]),
            "mails": env["mail.mail"].search([]),
        }

    def _new(self, before, key):
        return self._state()[key] - before[key]

    def _attachments(self, report):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", report.id)]
        )

    def _mails_to(self, mails, partner):
        return mails.filtered(lambda m: partner in m.recipient_ids)

    def _visible_contacts(self, user, email):
        return (
            self.env["res.partner"].with_user(user).search_count([("email_normalized", "=", email)])
        )

    def _first_mail(self):
        raw = self._mail(
            '"Fatima Jansen" <fatima.jansen@example.org>',
            "Uitgescholden in de supermarkt",
            f"{BODY_SECRET}: ik werd gisteren uitgescholden bij de kassa.",
            to=f"{self.alias_email}, Iemand Anders <iemand.to@example.net>",
            cc="Buurman <buurman.cc@example.net>, collega.cc@example.com",
            attachments=[
                ("foto.png", PNG, "image", "png"),
                ("programma.exe", EXE, "application", "octet-stream"),
            ],
        )
        before = self._state()
        self._process(raw)
        report = self._new(before, "reports")
        self.assertEqual(len(report), 1)
        # Replies refer to it by its Message-ID (In-Reply-To, References).
        self.first_id = report.message_ids.filtered(lambda m: m.message_type == "email").message_id
        self.assertTrue(self.first_id)
        return before, report

    # ------------------------------------------------------------------
    # The first mail
    # ------------------------------------------------------------------

    def test_first_mail_makes_a_report(self):
        before, report = self._first_mail()
        # One report at the alias's bureau, from email.
        self.assertEqual(report.team_id, self.team_mdd)
        self.assertEqual(report.report_source, "email")
        self.assertEqual(
            report.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        )
        self.assertEqual(report.name, "Uitgescholden in de supermarkt")
        self.assertFalse(report.partner_id)
        self.assertFalse(report.user_id)
        # One complainant, from the sender; everything else unknown.
        complainants = self._new(before, "complainants")
        self.assertEqual(complainants, report.complainant_id)
        self.assertRecordValues(
            complainants,
            [
                {
                    "name": "Fatima Jansen",
                    "email": "fatima.jansen@example.org",
                    "anonymous": False,
                    "contact_channel": "email",
                    "consent_contact": True,
                    "age_group": "unknown",
                    "residence_municipality_id": False,
                    "postcode": False,
                }
            ],
        )
        # One contact, the complainant's, hidden from the contact book.
        partners = self._new(before, "partners")
        self.assertEqual(partners, complainants.partner_id)
        self.assertTrue(partners.mdd_is_complainant)
        for address in ("buurman.cc@example.net", "iemand.to@example.net"):
            self.assertFalse(
                self.env["res.partner"].search([("email_normalized", "=", address)]),
                "no contact for a To/Cc address",
            )
        email = "fatima.jansen@example.org"
        self.assertEqual(self._visible_contacts(self.internal, email), 0)
        self.assertEqual(self._visible_contacts(self.helpdesk_user, email), 0)
        self.assertEqual(self._visible_contacts(self.handler_emmen, email), 0)
        self.assertEqual(self._visible_contacts(self.handler, email), 1)
        self.assertEqual(self._visible_contacts(self.coordinator, email), 1)
        # Followers: the bureau's staff, nobody from To/Cc, not the complainant.
        # (The helpdesk users in the team may not read reports: not them.)
        self.assertEqual(report.message_partner_ids, self.handler.partner_id)
        self.assertNotIn(self.colleague, report.message_partner_ids)
        # The mail is in the chatter as the complainant's message.
        incoming = report.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(len(incoming), 1)
        self.assertEqual(incoming.author_id, complainants.partner_id)
        self.assertIn(BODY_SECRET, str(incoming.body))
        self.assertFalse(incoming.partner_ids, "no recipients from To/Cc")
        # Attachments: the photo is kept, the program refused.
        attachments = self._attachments(report)
        self.assertEqual(attachments.mapped("name"), ["foto.png"])
        self.assertEqual(incoming.attachment_ids, attachments)
        note = report.message_ids.filtered(
            lambda m: m.message_type == "notification" and "programma.exe" in str(m.body)
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal)

    def test_first_mail_acknowledgement(self):
        before, report = self._first_mail()
        mails = self._new(before, "mails")
        partner = report.complainant_id.partner_id
        ack = self._mails_to(mails, partner)
        self.assertEqual(len(ack), 1, "exactly one acknowledgement")
        self.assertIn(report.number, ack.subject)
        self.assertIn(report.number, str(ack.body_html))
        self.assertNotIn("MDD-BODY-SECRET", str(ack.body_html))
        self.assertNotIn("supermarkt", str(ack.body_html) + ack.subject)
        # It names the refused file, not the kept one.
        self.assertIn("programma.exe", str(ack.body_html))
        self.assertNotIn("foto.png", str(ack.body_html))
        self.assertFalse(ack.attachment_ids)
        self.assertIn(self.alias_email, ack.reply_to)
        # Nothing is mailed to the To/Cc addresses.
        for mail in mails:
            for address in ("buurman.cc", "collega.cc", "iemand.to"):
                self.assertNotIn(address, mail.email_to or "")
                self.assertNotIn(address, ",".join(mail.recipient_ids.mapped("email")))

    def test_first_mail_to_the_other_bureau(self):
        before = self._state()
        self._process(
            self._mail(
                "Piet de Vries <piet@example.org>",
                "Melding",
                "Iets gebeurd in Emmen.",
                to="mdd-intake-emmen-t@meldpunt.test",
            )
        )
        report = self._new(before, "reports")
        self.assertEqual(report.team_id, self.team_emmen)
        # Only the other bureau's staff read it.
        self.assertTrue(report.with_user(self.handler_emmen).has_access("read"))
        self.assertFalse(report.with_user(self.handler).has_access("read"))
        with self.assertRaises(AccessError):
            report.with_user(self.handler).complainant_id.name  # noqa: B018

    # ------------------------------------------------------------------
    # Replies
    # ------------------------------------------------------------------

    def test_reply_from_the_complainant(self):
        _before, report = self._first_mail()
        before = self._state()
        messages = report.message_ids
        followers = report.message_partner_ids
        raw = self._mail(
            "Fatima Jansen <Fatima.Jansen@example.org>",
            f"Re: We received your report {report.number}",
            "Hier is de kassabon.",
            cc="buurman.cc@example.net",
            attachments=[("kassabon.pdf", PDF, "application", "pdf")],
            headers={"In-Reply-To": self.first_id},
        )
        self._process(raw)
        self.assertFalse(self._new(before, "reports"))
        self.assertFalse(self._new(before, "complainants"))
        self.assertFalse(self._new(before, "partners"))
        new_messages = report.message_ids - messages
        self.assertEqual(len(new_messages), 1)
        self.assertEqual(new_messages.author_id, report.complainant_id.partner_id)
        self.assertIn("kassabon", str(new_messages.body))
        self.assertEqual(report.message_partner_ids, followers)
        self.assertEqual(
            sorted(self._attachments(report).mapped("name")), ["foto.png", "kassabon.pdf"]
        )
        self.assertFalse(
            self.env["res.partner"].search([("email_normalized", "=", "buurman.cc@example.net")]),
            "no contact for the Cc address",
        )
        email = "fatima.jansen@example.org"
        self.assertEqual(self._visible_contacts(self.internal, email), 0)
        self.assertEqual(self._visible_contacts(self.handler, email), 1)
        # No second acknowledgement, no mail about refused files.
        self.assertFalse(
            self._mails_to(self._new(before, "mails"), report.complainant_id.partner_id)
        )

    def test_reply_by_number_in_subject_only(self):
        """A new mail (no threading headers) with the number in its subject."""
        _before, report = self._first_mail()
        before = self._state()
        messages = report.message_ids
        self._process(
            self._mail(
                "fatima.jansen@example.org",
                f"Aanvulling op melding {report.number}",
                "Nog iets vergeten.",
                attachments=[("script.js", b"alert(1)", "text", "javascript")],
            )
        )
        self.assertFalse(self._new(before, "reports"))
        new_messages = report.message_ids - messages
        # Newest first: the mail, the refusal mail, the refusal note.
        self.assertEqual(
            new_messages.mapped("message_type"), ["email", "email_outgoing", "notification"]
        )
        self.assertEqual(new_messages[0].author_id, report.complainant_id.partner_id)
        self.assertEqual(self._attachments(report).mapped("name"), ["foto.png"])
        refusal = self._mails_to(self._new(before, "mails"), report.complainant_id.partner_id)
        self.assertEqual(len(refusal), 1)
        self.assertIn("script.js", str(refusal.body_html))
        self.assertNotIn("vergeten", str(refusal.body_html))

    def test_reply_from_another_address_makes_a_new_report(self):
        _before, report = self._first_mail()
        before = self._state()
        messages = report.message_ids
        followers = report.message_partner_ids
        raw = self._mail(
            "Onbekende <vreemde@example.net>",
            f"Re: We received your report {report.number}",
            "Wat staat er in deze melding?",
            headers={
                "In-Reply-To": self.first_id,
                "References": self.first_id,
            },
        )
        self._process(raw)
        # Nothing reaches the first report.
        self.assertEqual(report.message_ids, messages)
        self.assertEqual(report.message_partner_ids, followers)
        # A new report, with its own complainant and acknowledgement.
        new_report = self._new(before, "reports")
        self.assertEqual(len(new_report), 1)
        self.assertEqual(new_report.team_id, report.team_id)
        self.assertEqual(len(self._new(before, "complainants")), 1)
        self.assertEqual(new_report.complainant_id.email, "vreemde@example.net")
        self.assertNotEqual(new_report.complainant_id, report.complainant_id)
        incoming = new_report.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(len(incoming), 1)
        self.assertEqual(incoming.parent_id.res_id, new_report.id, "not threaded on the first")
        self.assertEqual(new_report.message_partner_ids, self.handler.partner_id)
        self.assertFalse(self._attachments(new_report))
        self.assertEqual(len(self._attachments(report)), 1)
        self.assertEqual(self._new(before, "partners"), new_report.complainant_id.partner_id)
        self.assertEqual(self._visible_contacts(self.internal, "vreemde@example.net"), 0)
        self.assertEqual(self._visible_contacts(self.handler, "vreemde@example.net"), 1)
        mails = self._new(before, "mails")
        self.assertFalse(self._mails_to(mails, report.complainant_id.partner_id))
        ack = self._mails_to(mails, new_report.complainant_id.partner_id)
        self.assertEqual(len(ack), 1)
        self.assertIn(new_report.number, ack.subject)
        self.assertNotIn("Wat staat er", str(ack.body_html))

    def test_number_in_subject_from_another_address(self):
        _before, report = self._first_mail()
        before = self._state()
        messages = report.message_ids
        self._process(self._mail("vreemde@example.net", f"Over {report.number}", "Vertel eens."))
        self.assertEqual(report.message_ids, messages)
        self.assertEqual(len(self._new(before, "reports")), 1)

    def test_reply_from_staff(self):
        """A case handler answering a notification by mail stays on the report."""
        _before, report = self._first_mail()
        self.handler.partner_id.email = "handler@example.com"
        before = self._state()
        messages = report.message_ids
        self._process(
            self._mail(
                "Handler MDD <handler@example.com>",
                f"Re: {report.number}",
                "Ik bel morgen.",
                headers={"In-Reply-To": self.first_id},
            )
        )
        self.assertFalse(self._new(before, "reports"))
        self.assertEqual(len(report.message_ids - messages), 1)
        # A handler of the other bureau may not add to it.
        self.handler_emmen.partner_id.email = "emmen@example.com"
        self._process(
            self._mail(
                "emmen@example.com",
                f"Re: {report.number}",
                "Mag ik meekijken?",
                headers={"In-Reply-To": self.first_id},
            )
        )
        self.assertEqual(len(report.message_ids - messages), 1)
        self.assertEqual(len(self._new(before, "reports")), 1)

    # ------------------------------------------------------------------
    # Auto-generated mail
    # ------------------------------------------------------------------

    def test_auto_reply_is_ignored(self):
        _before, report = self._first_mail()
        variants = [
            {"Auto-Submitted": "auto-replied"},
            {"X-Autoreply": "yes"},
            {"Precedence": "bulk"},
            {"List-Id": "<nieuws.example.org>"},
        ]
        for headers in variants:
            with self.subTest(headers=headers):
                before = self._state()
                messages = report.message_ids
                # A reply by its headers, from the complainant's address.
                self._process(
                    self._mail(
                        "fatima.jansen@example.org",
                        f"Afwezig: We received your report {report.number}",
                        "Ik ben afwezig tot maandag.",
                        headers={**headers, "In-Reply-To": self.first_id},
                    )
                )
                # And a new mail to the alias.
                self._process(
                    self._mail("robot@example.net", "Out of office", "Afwezig.", headers=headers)
                )
                self.assertEqual(report.message_ids, messages)
                self.assertEqual(report.message_partner_ids, self.handler.partner_id)
                self.assertEqual(len(self._attachments(report)), 1)
                for key in ("reports", "complainants", "partners", "mails"):
                    self.assertFalse(self._new(before, key), key)

    def test_mailer_daemon_is_ignored(self):
        before = self._state()
        self._process(
            self._mail("MAILER-DAEMON@example.net", "Undelivered Mail", "Could not deliver.")
        )
        for key in ("reports", "complainants", "partners", "mails"):
            self.assertFalse(self._new(before, key), key)

    def test_flood_from_one_sender_is_stopped(self):
        self.env["ir.config_parameter"].set_param("mail.gateway.loop.threshold", 2)
        before = self._state()
        for index in range(3):
            self._process(self._mail("flood@example.org", f"Melding {index}", "Tekst."))
        self.assertEqual(len(self._new(before, "reports")), 2)
        self.assertEqual(len(self._new(before, "complainants")), 2)

    def test_other_teams_keep_the_helpdesk_behaviour(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "IT"})
        team.alias_id.write(
            {"alias_name": "it-t", "alias_domain_id": self.env.company.alias_domain_id.id}
        )
        before = self._state()
        self._process(self._mail("user@example.org", "Printer", "Kapot.", to="it-t@meldpunt.test"))
        ticket = self.env["helpdesk.ticket"].search([("team_id", "=", team.id)])
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.is_mdd_report)
        self.assertFalse(ticket.complainant_id)
        self.assertFalse(ticket.report_source)
        self.assertFalse(self._new(before, "complainants"))

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_handler_access_to_a_mail_report(self):
        _before, report = self._first_mail()
        as_handler = report.with_user(self.handler)
        self.assertEqual(as_handler.complainant_id.email, "fatima.jansen@example.org")
        self.assertEqual(len(self._attachments(report).with_user(self.handler).read(["name"])), 1)
        as_handler.write({"report_type": "klacht"})
        for user in (self.handler_emmen, self.internal, self.helpdesk_user, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                report.with_user(user).read(["name"])
