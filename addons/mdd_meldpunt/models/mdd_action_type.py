# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MddActionType(models.Model):
    _name = "mdd.action.type"
    _inherit = "mdd.registration.list.mixin"
    _description = "Handling action type"

    towards_other_party = fields.Boolean(
        help="Actions of this type involve the other party (e.g. hearing both "
        "sides, mediation). They are only allowed when the complainant "
        "consented to sharing the report with the other party.",
    )
    counts_as_contact = fields.Boolean(
        string="Counts as contact",
        help="An action of this type is contact with the complainant: the "
        "first one stops the first-contact deadline.",
    )
