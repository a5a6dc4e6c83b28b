# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


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
    mdd_complainant_ids = fields.One2many(
        "mdd.complainant",
        "partner_id",
        string="Complainant records",
        groups="mdd_meldpunt.group_mdd_user",
    )
    mdd_is_complainant = fields.Boolean(
        string="Complainant contact",
        compute="_compute_mdd_is_complainant",
        store=True,
        index=True,
        help="Contact of a complainant: only MDD staff and the person "
        "themselves can see it (see the record rule on contacts).",
    )

    @api.depends("mdd_complainant_ids")
    def _compute_mdd_is_complainant(self):
        for partner in self:
            partner.mdd_is_complainant = bool(partner.mdd_complainant_ids)
