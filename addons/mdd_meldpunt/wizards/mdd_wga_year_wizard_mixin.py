# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, fields, models
from odoo.exceptions import UserError


def _default_year(model):
    return fields.Date.context_today(model).year - 1


class MddWgaYearWizardMixin(models.AbstractModel):
    """A year and the municipalities of one or more bureaus, and a file to
    download: what the figures wizard and the publication wizard share."""

    _name = "mdd.wga.year.wizard.mixin"
    _description = "Wga year and municipalities"

    year = fields.Integer(required=True, default=_default_year)
    team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        string="Bureaus",
        domain=[("is_mdd_bureau", "=", True)],
        default=lambda self: self.env["helpdesk.ticket.team"]._mdd_default_bureau(),
        help="The form has one row per active municipality that these bureaus "
        "handle. All registered reports count, whichever bureau handled them.",
    )
    municipality_ids = fields.Many2many(
        "mdd.municipality",
        string="Municipalities",
        compute="_compute_municipality_ids",
        store=True,
        readonly=False,
    )
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.depends("team_ids")
    def _compute_municipality_ids(self):
        Figures = self.env["mdd.wga.figures"]
        for wizard in self:
            wizard.municipality_ids = Figures._bureau_municipalities(wizard.team_ids)

    def _year_ok(self):
        self.ensure_one()
        return self.env["mdd.wga.figures"]._valid_year(self.year)

    def _check_input(self):
        self.ensure_one()
        if not self._year_ok():
            raise UserError(self.env._("Choose a year from 2009 up to this year."))
        if not self.municipality_ids:
            raise UserError(self.env._("Choose at least one municipality."))

    def _download_file(self, data, file_name):
        """Keep ``data`` on the wizard and download it as ``file_name``."""
        self.file_data = base64.b64encode(data)
        self.file_name = file_name
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/{self.file_name}?download=true",
            "target": "self",
        }
