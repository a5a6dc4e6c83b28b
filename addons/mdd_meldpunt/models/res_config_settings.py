# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    mdd_figures_threshold = fields.Integer(
        string="Small-cell threshold",
        config_parameter="mdd_meldpunt.figures_threshold",
        default=5,
        help="In the figures published for municipalities, counts from 1 up to "
        "this number minus one are shown as '<threshold' (e.g. <5).",
    )

    mdd_retention_years = fields.Integer(
        string="Retention period (years)",
        config_parameter="mdd_meldpunt.retention_years",
        default=5,
        help="Years after closing after which the personal data of a report "
        "are removed; the registration stays for the figures.",
    )

    @api.constrains("mdd_retention_years")
    def _check_mdd_retention_years(self):
        for settings in self:
            if settings.mdd_retention_years < 1:
                raise ValidationError(self.env._("The retention period must be at least 1 year."))

    def action_mdd_retention_dry_run(self):
        """Show what the retention job would do now, in counts only."""
        self.ensure_one()
        self.execute()
        counts = self.env["mdd.retention"]._mdd_dry_run()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Retention: dry run"),
                "message": self.env._(
                    "With a retention period of %(years)s years, the next runs "
                    "would anonymise %(reports)s reports, %(complainants)s "
                    "complainants and %(contacts)s contacts, and clear "
                    "%(messages)s messages and %(attachments)s attachments. "
                    "Nothing was changed.",
                    **counts,
                ),
                "sticky": True,
                "type": "info",
            },
        }

    @api.constrains("mdd_figures_threshold")
    def _check_mdd_figures_threshold(self):
        for settings in self:
            if settings.mdd_figures_threshold < 2:
                raise ValidationError(self.env._("The small-cell threshold must be at least 2."))
