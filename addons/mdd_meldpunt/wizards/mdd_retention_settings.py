# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..models.mdd_retention import RETENTION_PARAM

_logger = logging.getLogger(__name__)

MAX_RETENTION_YEARS = 100


class MddRetentionSettings(models.TransientModel):
    """The retention period, set by coordinators (not only administrators).

    The form shows, while the coordinator types, what the retention job would
    do now with the period entered: counts only, nothing is changed until
    Save. Saving logs the change (old and new period, user id), never data
    about people.
    """

    _name = "mdd.retention.settings"
    _description = "Retention of personal data: settings"

    retention_years = fields.Integer(
        string="Retention period (years)",
        required=True,
        default=lambda self: self.env["mdd.retention"]._mdd_retention_years(),
        help="Years after closing after which the personal data, messages and attachments "
        "of a report are removed. The registration stays for the figures.",
    )
    preview = fields.Text(
        string="What would happen now",
        compute="_compute_preview",
        help="A dry run with the period entered: counts only, nothing is changed.",
    )

    @api.depends("retention_years")
    def _compute_preview(self):
        for settings in self:
            years = settings.retention_years
            if not years or not 1 <= years <= MAX_RETENTION_YEARS:
                settings.preview = False
                continue
            counts = self.env["mdd.retention"].sudo()._mdd_dry_run(years)
            settings.preview = self.env._(
                "With a retention period of %(years)s years, the next runs would "
                "anonymise %(reports)s reports, %(complainants)s complainants and "
                "%(contacts)s contacts, and clear %(messages)s messages and "
                "%(attachments)s attachments.",
                **counts,
            )

    @api.constrains("retention_years")
    def _check_retention_years(self):
        for settings in self:
            if not 1 <= settings.retention_years <= MAX_RETENTION_YEARS:
                raise ValidationError(
                    self.env._(
                        "The retention period must be from 1 to %(max)s years.",
                        max=MAX_RETENTION_YEARS,
                    )
                )

    def action_save(self):
        self.ensure_one()
        if not self.env.user.has_group("mdd_meldpunt.group_mdd_manager"):
            raise AccessError(self.env._("Only coordinators can change the retention period."))
        Retention = self.env["mdd.retention"]
        old = Retention._mdd_retention_years()
        self.env["ir.config_parameter"].sudo().set_param(RETENTION_PARAM, str(self.retention_years))
        _logger.info(
            "Retention period changed from %s to %s years by user %s",
            old,
            self.retention_years,
            self.env.uid,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Retention period saved"),
                "message": self.env._(
                    "Personal data are now removed %(years)s years after a report is closed.",
                    years=self.retention_years,
                ),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
