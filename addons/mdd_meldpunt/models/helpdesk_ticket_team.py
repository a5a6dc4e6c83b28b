# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    is_mdd_bureau = fields.Boolean(
        string="Anti-discrimination bureau",
        help="Tickets of this team are discrimination reports: they follow the "
        "registration standard and only MDD staff can see them.",
    )
    municipality_ids = fields.One2many("mdd.municipality", "team_id", string="Municipalities")

    def _get_applicable_stages(self):
        # A bureau works with its own stages only, not with the generic
        # helpdesk stages that apply to every team.
        if len(self) == 1 and self.is_mdd_bureau:
            return self.env["helpdesk.ticket.stage"].search([("team_ids", "=", self.id)])
        return super()._get_applicable_stages()
