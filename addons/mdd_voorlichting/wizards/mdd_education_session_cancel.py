# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MddEducationSessionCancel(models.TransientModel):
    _name = "mdd.education.session.cancel"
    _description = "Cancel education sessions"

    session_ids = fields.Many2many("mdd.education.session", string="Sessions", required=True)
    reason = fields.Text(help="Mailed to the organisation and the trainers.")
    notify_organisation = fields.Boolean(
        string="Mail the organisation",
        default=True,
        help="Untick when the organisation itself asked to cancel.",
    )

    def action_cancel(self):
        self.ensure_one()
        self.session_ids._check_planner()
        self.session_ids._action_cancel(
            (self.reason or "").strip(), notify_organisation=self.notify_organisation
        )
        return {"type": "ir.actions.act_window_close"}
