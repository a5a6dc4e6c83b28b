# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MddDomain(models.Model):
    _name = "mdd.domain"
    _inherit = "mdd.registration.tree.mixin"
    _description = "Societal domain"
    _order = "sequence, name"

    parent_id = fields.Many2one("mdd.domain", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("mdd.domain", "parent_id", string="Sub-domains")
