# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""No IP address, user agent or referer is stored with a report."""

import json

from odoo.tests import tagged

from .common import run_after_intake
from .common_portal import MddPortalCase

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) MDDPrivacyProbe/7.3 Chrome/120.0"
REFERER = "https://referer-probe.mdd.example/some/page?utm=probe"
FORWARDED_FOR = "203.0.113.77"


@tagged("post_install", "-at_install", "mdd_public")
class TestNoClientMetadata(MddPortalCase):
    def setUp(self):
        super().setUp()
        self.opener.headers.update(
            {"User-Agent": USER_AGENT, "Referer": REFERER, "X-Forwarded-For": FORWARDED_FOR}
        )

    def _rows(self, table, where, params):
        """The stored rows, as text, with the site's own address left out."""
        self.env.flush_all()
        self.env.cr.execute(f"SELECT t::text FROM {table} t WHERE {where}", params)
        text = "\n".join(row[0] for row in self.env.cr.fetchall())
        for base_url in (
            self.base_url(),
            self.env["ir.config_parameter"].sudo().get_param("web.base.url"),
        ):
            text = text.replace(base_url, "<base-url>")
        return text

    def _stored_text(self, report):
        complainant = report.complainant_id
        self.env.cr.execute(
            """SELECT id FROM mail_message
                WHERE (model = 'helpdesk.ticket' AND res_id = %s)
                   OR (model = 'mdd.complainant' AND res_id = %s)""",
            (report.id, complainant.id),
        )
        message_ids = tuple(row[0] for row in self.env.cr.fetchall()) or (0,)
        parts = [
            self._rows("helpdesk_ticket", "id = %s", (report.id,)),
            self._rows("mdd_complainant", "id = %s", (complainant.id,)),
            self._rows("res_partner", "id = %s", (complainant.partner_id.id or 0,)),
            self._rows("mail_message", "id IN %s", (message_ids,)),
            self._rows("mail_tracking_value", "mail_message_id IN %s", (message_ids,)),
            self._rows("mail_notification", "mail_message_id IN %s", (message_ids,)),
            self._rows("mail_mail", "mail_message_id IN %s", (message_ids,)),
            self._rows(
                "ir_attachment",
                "(res_model = 'helpdesk.ticket' AND res_id = %s) OR id IN "
                "(SELECT attachment_id FROM message_attachment_rel WHERE message_id IN %s)",
                (report.id, message_ids),
            ),
            self._rows(
                "mail_followers", "res_model = 'helpdesk.ticket' AND res_id = %s", (report.id,)
            ),
            self._rows("mdd_throttle", "true", ()),
        ]
        return "\n".join(parts)

    def assertNoClientMetadata(self, report):
        run_after_intake(self.env)
        text = self._stored_text(report)
        self.assertIn(report.number, text, "the search looks at the right rows")
        for needle in ("127.0.0.1", FORWARDED_FOR, "MDDPrivacyProbe", "referer-probe", "utm=probe"):
            self.assertNotIn(needle, text)

    def test_anonymous_report_and_follow_up(self):
        report, code = self._submitted(self._post_report(self._valid_report_data()))
        self._open_status(report.number, code)
        _response, csrf, _nonce = self._get_form("/melden/status")
        response = self.url_open(
            "/melden/status/bericht",
            data={"csrf_token": csrf, "number": report.number, "message": "Nog iets"},
            files=[("message_attachments", ("notitie.txt", b"Nog iets erbij", "text/plain"))],
        )
        self.assertIn("Nog iets", response.text)
        self.assertNoClientMetadata(report)

    def test_report_with_contact(self):
        data = self._valid_report_data(
            contact="yes",
            name="Priya Ramdin",
            email="priya.ramdin@example.com",
            phone="0612345678",
            contact_channel="email",
        )
        report, _code = self._submitted(
            self._post_report(data, [("attachments", ("notitie.txt", b"Tekst", "text/plain"))])
        )
        self.assertTrue(report.complainant_id.partner_id)
        run_after_intake(self.env)
        self.assertTrue(
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", report.complainant_id.partner_id.ids)])
        )
        self.assertNoClientMetadata(report)

    def test_throttle_stores_only_a_hash(self):
        self._post_report(self._valid_report_data())
        rows = self.env["mdd.throttle"].sudo().search([])
        self.assertTrue(rows)
        for row in rows:
            self.assertNotIn("127.0.0.1", row.key)
            self.assertEqual(len(row.key), 32)


@tagged("post_install", "-at_install")
class TestChatterDataOutsideTheBureau(MddPortalCase):
    """/mail/thread/data with a report's access token (the link of our mails)
    gives the files of the messages meant for the complainant, and nothing
    of the bureau: no files of internal notes, no followers."""

    def test_token_holder_gets_no_staff_data(self):
        report = self.own_report.sudo()
        report.message_subscribe(partner_ids=self.handler.partner_id.ids)
        report.with_user(self.handler).message_post(
            body="Interne notitie",
            subtype_xmlid="mail.mt_note",
            attachments=[("notitie-intern.txt", b"intern")],
        )
        report.with_user(self.handler).message_post(
            body="Reactie voor de melder",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("brief-melder.txt", b"brief")],
        )
        request_list = ["attachments", "followers", "activities", "suggestedRecipients"]
        params = {
            "thread_model": "helpdesk.ticket",
            "thread_id": report.id,
            "request_list": request_list,
            "token": report._portal_ensure_token(),
        }
        data = json.dumps(self.make_jsonrpc_request("/mail/thread/data", params))
        self.assertIn("brief-melder.txt", data)
        self.assertNotIn("notitie-intern.txt", data)
        self.assertNotIn(self.handler.email, data)
        self.assertNotIn(self.handler.name, data)
        # The bureau's staff still get everything.
        self.authenticate(self.handler.login, self.handler.login)
        del params["token"]
        data = json.dumps(self.make_jsonrpc_request("/mail/thread/data", params))
        self.assertIn("notitie-intern.txt", data)
        self.assertIn(self.handler.email, data)
