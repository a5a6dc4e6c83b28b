# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Chromium tours: an anonymous visitor on a phone, and a portal user."""

from odoo.tests import tagged

from .common_portal import MddPortalCase


@tagged("post_install", "-at_install", "mdd_public", "mdd_tour")
class TestReportTourPhone(MddPortalCase):
    # A phone-sized viewport with touch.
    browser_size = "375x667"
    touch_enabled = True

    def test_anonymous_report_on_a_phone(self):
        Ticket = self.env["helpdesk.ticket"].sudo()
        before = Ticket.search([])
        self.start_tour("/melden", "mdd_report_anonymous_tour", login=None)
        report = Ticket.search([]) - before
        self.assertEqual(len(report), 1)
        self.assertTrue(report.complainant_id.anonymous)
        self.assertTrue(report.incident_location_na)
        self.assertEqual(report.complainant_id.postcode, "9401 AB")
        self.assertEqual(
            report.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        )
        self.assertTrue(report.mdd_receipt_hash)
        evidence = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", report.id)])
        )
        self.assertIn("bewijs.txt", evidence.mapped("name"))
        message = report._mdd_complainant_messages()
        self.assertEqual(len(message), 1)
        self.assertIn("Ik heb nog een foto van de portier.", str(message.body))


@tagged("post_install", "-at_install", "mdd_public", "mdd_tour")
class TestReportTourPortal(MddPortalCase):
    def test_portal_user_follows_and_replies(self):
        self.own_report.message_post(
            body="MDD-PUBLIC-REPLY: kunt u langskomen?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.handler.partner_id.id,
        )
        self.own_report.message_post(
            body="MDD-INTERNAL-NOTE: eerst overleggen.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=self.handler.partner_id.id,
        )
        self.start_tour("/my/meldingen", "mdd_report_portal_tour", login=self.portal_user.login)
        message = self.own_report.message_ids[0]
        self.assertIn("Dank u, ik kan volgende week langskomen.", str(message.body))
        self.assertEqual(message.author_id, self.portal_user.partner_id)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertNotIn(self.portal_user.partner_id, self.own_report.message_partner_ids)
