# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MddDomain(models.Model):
    _name = "mdd.domain"
    _inherit = "mdd.registration.list.mixin"
    _description = "Societal domain"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "sequence, name"

    parent_id = fields.Many2one("mdd.domain", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("mdd.domain", "parent_id", string="Sub-domains")
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)

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
