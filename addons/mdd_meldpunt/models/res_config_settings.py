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
    mdd_news_mail_delay = fields.Integer(
        string="News mails: wait (minutes)",
        config_parameter="mdd_meldpunt.news_mail_delay",
        default=15,
        help="A complainant gets one mail without content when there is news on "
        "their report. Messages and status changes within this many minutes "
        "after the first give one mail.",
    )

    @api.constrains("mdd_figures_threshold")
    def _check_mdd_figures_threshold(self):
        for settings in self:
            if settings.mdd_figures_threshold < 2:
                raise ValidationError(self.env._("The small-cell threshold must be at least 2."))

    @api.constrains("mdd_news_mail_delay")
    def _check_mdd_news_mail_delay(self):
        for settings in self:
            if not 1 <= settings.mdd_news_mail_delay <= 1440:
                raise ValidationError(
                    self.env._("The wait for news mails must be between 1 and 1440 minutes.")
                )
