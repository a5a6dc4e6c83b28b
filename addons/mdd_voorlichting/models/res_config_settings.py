# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    mdd_voorlichting_cancel_deadline_days = fields.Integer(
        string="Online cancellation deadline (days)",
        config_parameter="mdd_voorlichting.cancel_deadline_days",
        default=7,
        help="Organisations can cancel a session in the portal until this many "
        "days before it starts.",
    )
    mdd_voorlichting_reminder_days = fields.Integer(
        string="Remind trainers (days before)",
        config_parameter="mdd_voorlichting.reminder_days",
        default=2,
    )
    mdd_voorlichting_request_user_id = fields.Many2one(
        "res.users",
        string="Planner of new requests",
        config_parameter="mdd_voorlichting.request_user_id",
        domain="[('share', '=', False)]",
        help="Gets a to-do for every request sent through the website.",
    )
    mdd_voorlichting_travel_buffer_minutes = fields.Integer(
        string="Travel time between sessions (minutes)",
        related="company_id.mdd_travel_buffer_minutes",
        readonly=False,
    )
