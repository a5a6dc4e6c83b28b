# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    mdd_municipality_id = fields.Many2one(
        "mdd.municipality",
        string="Municipal figures access",
        groups="mdd_meldpunt.group_mdd_manager",
        ondelete="set null",
        index="btree_not_null",
        help="A municipal official: with portal access, this contact downloads "
        "the yearly published (suppressed) figures of this municipality on "
        "/my/cijfers, and nothing else. Set by a coordinator.",
    )
