# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    is_mdd_stage = fields.Boolean(
        string="Bureau stage",
        help="Stage of the anti-discrimination bureaus' workflow.",
    )
