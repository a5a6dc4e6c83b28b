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

    @api.constrains("mdd_figures_threshold")
    def _check_mdd_figures_threshold(self):
        for settings in self:
            if settings.mdd_figures_threshold < 2:
                raise ValidationError(self.env._("The small-cell threshold must be at least 2."))
