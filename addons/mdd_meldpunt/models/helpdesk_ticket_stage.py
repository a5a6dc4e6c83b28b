# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    is_mdd_stage = fields.Boolean(
        string="Bureau stage",
        help="Stage of the anti-discrimination bureaus' workflow.",
    )
    mdd_pauses_first_contact = fields.Boolean(
        string="Pauses the first-contact deadline",
        help="While a report is in this stage (waiting for the complainant), "
        "its first-contact deadline does not run.",
    )
