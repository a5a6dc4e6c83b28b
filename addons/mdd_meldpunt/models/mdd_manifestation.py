# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MddManifestation(models.Model):
    _name = "mdd.manifestation"
    _inherit = "mdd.registration.list.mixin"
    _description = "Manifestation of discrimination"

    public_label = fields.Char(
        translate=True,
        help="Wording in plain language for the public report form.",
    )
