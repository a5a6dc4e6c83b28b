# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The work after the intake of a report, done by a job instead of in the
request that stored the report.

A report that comes in through the website, by email or by phone is created
with ``mdd_intake_pending`` set, and the job ``ir_cron_mdd_after_intake`` is
triggered in the same transaction: when the server stops after the request,
the work is still in the database and the job does it after the restart (its
fallback interval catches a trigger that was missed). The job then, once per
report:

* tells the bureau's staff (website and email): they follow the report and
  get a note;
* queues the complainant's confirmation mail (website and phone), and wakes
  the mail queue.

A batch of reports is done in one transaction, their rows locked, and each
report's flag is cleared in it: a job that crashes half-way leaves the reports
pending without a note or mail and does them again; a report is never done
twice. A report whose work fails is rolled back alone (savepoint) and stays
pending for the next run; the others are done.
"""

import logging

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

INTAKE_PENDING_INDEX = "helpdesk_ticket_mdd_intake_pending_index"
INTAKE_BATCH = 20


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    mdd_intake_pending = fields.Boolean(
        string="After-intake work pending",
        readonly=True,
        copy=False,
        help="Set when the report is stored; cleared by the job that tells the "
        "bureau's staff and sends the complainant's confirmation.",
    )

    def init(self):
        """Only the few pending reports are indexed: the job finds them
        among all reports at once."""
        result = super().init()
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket (id) WHERE mdd_intake_pending",
                SQL.identifier(INTAKE_PENDING_INDEX),
            )
        )
        return result

    def _mdd_trigger_after_intake(self):
        """Wake the job for reports created with ``mdd_intake_pending``; the
        trigger is stored in the current transaction, with the reports."""
        if self:
            self.env.ref("mdd_meldpunt.ir_cron_mdd_after_intake").sudo()._trigger()

    @api.model
    def _mdd_cron_after_intake(self, batch_size=INTAKE_BATCH):
        """Do the after-intake work of up to ``batch_size`` pending reports,
        locked for this transaction (another run skips them); the cron
        commits and runs again while some remain.

        :return: the number of reports done
        """
        Ticket = self.sudo().with_context(active_test=False, mail_notify_force_send=False)
        self.env.cr.execute(
            """SELECT id FROM helpdesk_ticket
                WHERE mdd_intake_pending
             ORDER BY id
                LIMIT %s
                  FOR UPDATE SKIP LOCKED""",
            [batch_size],
        )
        reports = Ticket.browse([row[0] for row in self.env.cr.fetchall()])
        reports.invalidate_recordset()
        done = failed = mails = 0
        for report in reports:
            try:
                with self.env.cr.savepoint():
                    mails += report._mdd_after_intake()
                    report.mdd_intake_pending = False
                    report.flush_recordset(["mdd_intake_pending"])
            except Exception:
                failed += 1
                _logger.exception("After-intake work of report %s failed; retried later", report.id)
                continue
            done += 1
        if mails:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        remaining = max(Ticket.search_count([("mdd_intake_pending", "=", True)]) - failed, 0)
        if done or failed:
            _logger.info(
                "After-intake work done for %s reports (%s failed, %s remaining)",
                done,
                failed,
                remaining,
            )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining if done else 0)
        return done

    def _mdd_after_intake(self):
        """The staff notification and the confirmation of this report, by
        its source; nothing for a report anonymised meanwhile.

        :return: the number of confirmation mails queued
        """
        self.ensure_one()
        if self.mdd_anonymised or not self.is_mdd_report:
            return 0
        report = self.with_context(lang=self._mdd_public_lang())
        _ = report.env._
        messages = {
            "website": _("A new report came in through the website. Please plan the intake."),
            "email": _("A new report came in by email. Please plan the intake."),
        }
        if self.report_source in messages:
            report._mdd_notify_team_new_report(messages[self.report_source])
        if self.report_source in ("website", "phone"):
            return len(report._mdd_send_public_confirmation())
        return 0
