# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MddEducationRequestDecline(models.TransientModel):
    _name = "mdd.education.request.decline"
    _description = "Decline an education session request"

    request_id = fields.Many2one("mdd.education.request", required=True, ondelete="cascade")
    reason = fields.Text(
        required=True,
        help="Mailed to the organisation, so write it to them.",
    )

    def action_decline(self):
        self.ensure_one()
        self.request_id._action_decline(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
