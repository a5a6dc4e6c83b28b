# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class MddRegistrationListMixin(models.AbstractModel):
    """Common shape of the registration-standard lists (grounds, domains, ...).

    Every entry has a stable ``code`` that exports and figures rely on, so the
    code cannot change once set, while the Dutch label can be edited freely.
    """

    _name = "mdd.registration.list.mixin"
    _description = "MDD registration list entry"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable code used in exports and figures. It cannot be changed.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        translate=True,
        help="Explanation in plain language, shown to staff and complainants.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code must be unique."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().lower()
        return super().create(vals_list)

    def write(self, vals):
        if "code" in vals and any(rec.code != vals["code"] for rec in self):
            raise UserError(
                self.env._(
                    "The code of a registration list entry cannot be changed: "
                    "figures and exports rely on it. Archive the entry and "
                    "create a new one instead."
                )
            )
        return super().write(vals)
