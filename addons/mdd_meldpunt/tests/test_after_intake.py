# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The work after a report's intake, done by a job and not in the request:
the staff notification and the complainant's confirmation mail."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import run_after_intake
from .common_portal import MddPortalCase

NAME = "Samira Bakker"
EMAIL = "samira.bakker@example.com"
PHONE = "06 87654321"


@tagged("post_install", "-at_install", "mdd_public")
class TestAfterIntake(MddPortalCase):
    def _post_with_contact(self):
        data = self._valid_report_data(
            contact="yes", name=NAME, email=EMAIL, phone=PHONE, contact_channel="email"
        )
        report, _code = self._submitted(self._post_report(data))
        return report

    def _confirmations(self, report):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", report.id),
                    ("mail_message_id.subtype_id", "!=", self.env.ref("mail.mt_note").id),
                ]
            )
        )

    def _staff_notes(self, report):
        return report.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("mail.mt_note")
                and m.message_type == "notification"
                and self.handler.partner_id in m.partner_ids
            )
        )

    def _cron(self):
        return self.env.ref("mdd_meldpunt.ir_cron_mdd_after_intake")

    def test_post_leaves_the_work_pending_with_a_trigger(self):
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", self._cron().id)])
        report = self._post_with_contact()
        self.assertTrue(report.mdd_intake_pending)
        self.assertFalse(self._confirmations(report), "no mail in the request")
        self.assertFalse(self._staff_notes(report), "no note in the request")
        self.assertNotIn(self.handler.partner_id, report.message_partner_ids)
        new_triggers = (
            self.env["ir.cron.trigger"].search([("cron_id", "=", self._cron().id)]) - triggers
        )
        self.assertTrue(new_triggers, "the job is triggered in the same transaction")

    def test_job_sends_one_mail_and_one_note_once(self):
        report = self._post_with_contact()
        run_after_intake(self.env)
        self.assertFalse(report.mdd_intake_pending)
        mail = self._confirmations(report)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, report.complainant_id.partner_id)
        self.assertIn(report.number, mail.subject)
        self.assertEqual(len(self._staff_notes(report)), 1)
        self.assertIn(self.handler.partner_id, report.message_partner_ids)
        self.assertNotIn(report.complainant_id.partner_id, report.message_partner_ids)
        # The mail queue is woken for the confirmation.
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", queue.id)]))

        messages = report.message_ids
        mails = self.env["mail.mail"].sudo().search([])
        run_after_intake(self.env)
        run_after_intake(self.env)
        self.assertEqual(report.message_ids, messages)
        self.assertEqual(self.env["mail.mail"].sudo().search([]), mails)

    def test_report_without_email_gets_no_mail(self):
        report, _code = self._submitted(self._post_report(self._valid_report_data()))
        self.assertTrue(report.mdd_intake_pending)
        run_after_intake(self.env)
        self.assertFalse(report.mdd_intake_pending)
        self.assertFalse(self._confirmations(report))
        self.assertEqual(len(self._staff_notes(report)), 1)

    def test_deleted_and_anonymised_reports_are_skipped(self):
        deleted = self._post_with_contact()
        anonymised = self._post_with_contact()
        kept = self._post_with_contact()
        self.env["mdd.retention"]._mdd_anonymise_reports(anonymised)
        self.assertTrue(anonymised.mdd_anonymised)
        messages = anonymised.message_ids
        deleted.sudo().unlink()
        run_after_intake(self.env)
        self.assertFalse(anonymised.mdd_intake_pending)
        self.assertEqual(anonymised.message_ids, messages, "no note on an anonymised report")
        self.assertFalse(self._confirmations(anonymised))
        self.assertFalse(kept.mdd_intake_pending)
        self.assertEqual(len(self._confirmations(kept)), 1)

    def test_a_failing_report_stays_pending_and_the_others_are_done(self):
        first = self._post_with_contact()
        second = self._post_with_contact()
        original = type(self.env["helpdesk.ticket"])._mdd_send_public_confirmation

        def fail_for_first(reports):
            if first in reports:
                raise RuntimeError("template broken")
            return original(reports)

        with (
            patch.object(
                type(self.env["helpdesk.ticket"]),
                "_mdd_send_public_confirmation",
                fail_for_first,
            ),
            self.assertLogs(
                "odoo.addons.mdd_meldpunt.models.helpdesk_ticket_intake", level="ERROR"
            ),
        ):
            run_after_intake(self.env)
        self.assertTrue(first.mdd_intake_pending, "retried by a later run")
        self.assertFalse(self._staff_notes(first), "nothing half done")
        self.assertFalse(second.mdd_intake_pending)
        self.assertEqual(len(self._confirmations(second)), 1)
        run_after_intake(self.env)
        self.assertFalse(first.mdd_intake_pending)
        self.assertEqual(len(self._confirmations(first)), 1)
        self.assertEqual(len(self._staff_notes(first)), 1)

    def test_no_personal_data_in_the_job_log(self):
        report = self._post_with_contact()
        with self.assertLogs("odoo", level="DEBUG") as logs:
            run_after_intake(self.env)
        self.assertFalse(report.mdd_intake_pending)
        text = "\n".join(logs.output)
        self.assertIn("After-intake work done for 1 reports", text)
        for personal in (NAME, "Samira", EMAIL, "samira.bakker", PHONE, "disco", "Markt"):
            self.assertNotIn(personal, text)
