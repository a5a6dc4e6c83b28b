# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MddGround(models.Model):
    _name = "mdd.ground"
    _inherit = "mdd.registration.tree.mixin"
    _description = "Discrimination ground"
    _order = "sequence, name"

    parent_id = fields.Many2one("mdd.ground", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("mdd.ground", "parent_id", string="Sub-grounds")
    public_label = fields.Char(
        translate=True,
        help="Wording in plain language for the public report form.",
    )
