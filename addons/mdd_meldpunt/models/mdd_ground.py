# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MddGround(models.Model):
    _name = "mdd.ground"
    _inherit = "mdd.registration.list.mixin"
    _description = "Discrimination ground"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "sequence, name"

    parent_id = fields.Many2one("mdd.ground", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("mdd.ground", "parent_id", string="Sub-grounds")
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    public_label = fields.Char(
        translate=True,
        help="Wording in plain language for the public report form.",
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for rec in self:
            rec.complete_name = (
                f"{rec.parent_id.complete_name} / {rec.name}" if rec.parent_id else rec.name
            )

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("An entry cannot be its own parent."))
