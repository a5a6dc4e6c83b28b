# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

RETENTION_PARAM = "mdd_meldpunt.access_log_retention_days"
DEFAULT_RETENTION_DAYS = 730
PURGE_BATCH_SIZE = 1000

ACTIONS = [
    ("identity_opened", "Identity opened"),
    ("data_exported", "Personal data exported"),
    ("data_erased", "Personal data erased"),
    ("attachment_downloaded", "Report attachment downloaded"),
]


class MddAccessLog(models.Model):
    """Audit trail: who opened, exported, erased or downloaded personal data.

    One entry per access: the user, the moment, what they did and to which
    record, by reference only (model and id, the report number). An entry
    never holds a name, an email, a file name, a field value or any other
    text from the record, so the trail itself is no second copy of the
    personal data it guards.

    Entries are written as superuser by :meth:`_mdd_log` (nobody has the
    right to create one), are never changed, and are removed only by the
    retention job (:meth:`_mdd_cron_purge`). Coordinators can read them;
    nobody else can (ACL and record rules).
    """

    _name = "mdd.access.log"
    _description = "Access to personal data (audit trail)"
    _order = "date desc, id desc"
    _rec_name = "action"

    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        index=True,
        # An entry outlives nothing it refers to by name: users are archived,
        # not deleted, and a user with entries cannot be deleted.
        ondelete="restrict",
    )
    action = fields.Selection(ACTIONS, required=True, readonly=True, index=True)
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Record ID", model_field="res_model", required=True, readonly=True
    )
    record_label = fields.Char(string="Record", compute="_compute_record_label")
    report_number = fields.Char(
        readonly=True,
        index="btree_not_null",
        help="The number of the report the access concerned, if any.",
    )
    attachment_ref = fields.Integer(
        string="Attachment ID", readonly=True, help="The downloaded file (its id only)."
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)

    @api.depends("res_model", "res_id")
    def _compute_record_label(self):
        labels = {
            "mdd.complainant": self.env._("Complainant"),
            "helpdesk.ticket": self.env._("Report"),
        }
        for entry in self:
            label = labels.get(entry.res_model, entry.res_model or "")
            entry.record_label = f"{label} #{entry.res_id}" if entry.res_id else label

    @api.depends("action", "date")
    def _compute_display_name(self):
        names = dict(self._fields["action"]._description_selection(self.env))
        for entry in self:
            entry.display_name = names.get(entry.action, "")

    # ------------------------------------------------------------------
    # Append-only
    # ------------------------------------------------------------------

    def write(self, vals):  # pylint: disable=method-required-super
        # Never changed, not even as superuser.
        self.check_access("write")  # nobody has the right: an AccessError
        raise UserError(self.env._("Entries of the access log cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_retention(self):
        if not self.env.context.get("mdd_access_log_purge"):
            raise UserError(
                self.env._(
                    "Entries of the access log are removed only by the retention "
                    "job, after the retention period."
                )
            )

    # ------------------------------------------------------------------
    # Recording
    # ------------------------------------------------------------------

    @api.model
    def _mdd_should_log(self):
        """Accesses by people are logged; the system's own reads are not."""
        return not self.env.su and self.env.user._is_internal()

    @api.model
    def _mdd_log(self, action, records, report=None, attachment=None):
        """Record ``action`` by the current user on each of ``records``.

        :param records: complainants or reports (any model with an id)
        :param report: the report the access went through, for its number
        :param attachment: the downloaded attachment (its id is kept)
        :return: the new entries (as superuser)
        """
        user = self.env.user
        values = []
        for record in records:
            company = getattr(record.sudo(), "company_id", False)
            number = report.sudo().number if report else False
            if not number and record._name == "helpdesk.ticket":
                number = record.sudo().number
            values.append(
                {
                    "user_id": user.id,
                    "action": action,
                    "res_model": record._name,
                    "res_id": record.id,
                    "report_number": number or False,
                    "attachment_ref": attachment.id if attachment else False,
                    "company_id": company.id if company else False,
                }
            )
        return self.sudo().create(values) if values else self.sudo()

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    @api.model
    def _mdd_retention_days(self):
        raw = self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAM)
        try:
            days = int(raw) if raw else DEFAULT_RETENTION_DAYS
        except ValueError:
            days = DEFAULT_RETENTION_DAYS
        return max(days, 1)

    @api.model
    def _mdd_cron_purge(self, batch_size=PURGE_BATCH_SIZE):
        """Remove one batch of entries older than the retention period.

        Re-triggers itself while more remain; logs counts only.

        :return: the number of entries removed
        """
        limit = fields.Datetime.now() - timedelta(days=self._mdd_retention_days())
        expired = self.sudo().search([("date", "<", limit)], limit=batch_size, order="date, id")
        count = len(expired)
        if count:
            expired.with_context(mdd_access_log_purge=True).unlink()
            _logger.info("Access log: removed %s entries older than the retention period", count)
        if count == batch_size:
            cron = self.env.ref(
                "mdd_meldpunt.ir_cron_mdd_access_log_purge", raise_if_not_found=False
            )
            if cron:
                cron._trigger()
        return count
