# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

CBS_CODE = re.compile(r"^GM\d{4}$")


class MddMunicipality(models.Model):
    _name = "mdd.municipality"
    _description = "Municipality (gemeente)"
    _order = "name"

    name = fields.Char(required=True)
    cbs_code = fields.Char(
        string="CBS code",
        required=True,
        help="Code of the municipality at Statistics Netherlands (CBS): GM "
        "followed by four digits, e.g. GM0106 for Assen.",
    )
    province_id = fields.Many2one(
        "res.country.state",
        domain="[('country_id.code', '=', 'NL')]",
    )
    in_service_area = fields.Boolean(
        string="In our region",
        help="The bureau serves this municipality: the public forms offer the "
        "municipalities of the region (all of them while none is marked).",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("cbs_code_unique", "unique(cbs_code)", "This CBS code is already in use."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("cbs_code"):
                vals["cbs_code"] = vals["cbs_code"].strip().upper()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("cbs_code"):
            vals["cbs_code"] = vals["cbs_code"].strip().upper()
        return super().write(vals)

    @api.constrains("cbs_code")
    def _check_cbs_code(self):
        for rec in self:
            if not CBS_CODE.match(rec.cbs_code or ""):
                raise ValidationError(
                    self.env._(
                        "The CBS code %(code)s of %(name)s is not valid: it is GM "
                        "followed by four digits, for example GM0106.",
                        code=rec.cbs_code,
                        name=rec.name,
                    )
                )

    @api.depends("name", "cbs_code")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = rec.name

    @api.model
    def _public_choices(self):
        """The municipalities a public form offers: those of the bureau's
        region, or every active one while no region is set."""
        Municipality = self.sudo()
        region = Municipality.search([("in_service_area", "=", True)], order="name")
        return region or Municipality.search([("active", "=", True)], order="name")
