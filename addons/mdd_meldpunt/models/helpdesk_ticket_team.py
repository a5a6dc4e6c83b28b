# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    is_mdd_bureau = fields.Boolean(
        string="Anti-discrimination bureau",
        help="Tickets of this team are discrimination reports: they follow the "
        "registration standard and only MDD staff can see them.",
    )
    municipality_ids = fields.One2many("mdd.municipality", "team_id", string="Municipalities")
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working hours",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="The bureau's working days, on which the first-contact deadline "
        "is counted (with the public holidays entered as leaves without a "
        "resource). Empty: the working hours of the company.",
    )
    mdd_first_contact_days = fields.Integer(
        string="First contact within (working days)",
        default=10,
        help="The bureau contacts a complainant who wants contact within this "
        "many working days of the registration. 0: no deadline.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        teams.filtered("is_mdd_bureau")._mdd_use_bureau_stages()
        return teams

    def write(self, vals):
        result = super().write(vals)
        if vals.get("is_mdd_bureau"):
            self._mdd_use_bureau_stages()
        return result

    def _mdd_use_bureau_stages(self):
        """A bureau works with the bureau stages; linking them to the bureau
        keeps them away from the other teams (a stage without teams is for
        every team)."""
        stages = self.env["helpdesk.ticket.stage"].sudo().search([("is_mdd_stage", "=", True)])
        stages.write({"team_ids": [fields.Command.link(team.id) for team in self]})

    def _get_applicable_stages(self):
        # A bureau works with its own stages only, not with the generic
        # helpdesk stages that apply to every team; other teams never get the
        # bureau stages, not even before a bureau exists.
        if len(self) == 1 and self.is_mdd_bureau:
            return self.env["helpdesk.ticket.stage"].search(
                [("is_mdd_stage", "=", True), ("team_ids", "=", self.id)]
            )
        return super()._get_applicable_stages().filtered(lambda stage: not stage.is_mdd_stage)

    def _mdd_calendar(self):
        """The working hours the bureau's deadlines are counted on."""
        self.ensure_one()
        return (
            self.resource_calendar_id
            or self.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )

    @api.constrains("mdd_first_contact_days")
    def _check_mdd_first_contact_days(self):
        if any(team.mdd_first_contact_days < 0 for team in self):
            raise ValidationError(
                self.env._("The number of working days for the first contact cannot be negative.")
            )

    @api.model
    def _mdd_sync_bureau_stages(self):
        """Link every bureau stage to every bureau (for stages added later)."""
        self.sudo().search([("is_mdd_bureau", "=", True)])._mdd_use_bureau_stages()

    @api.model
    def _mdd_default_bureau(self):
        """The first bureau (by sequence): it takes the reports that no
        municipality routes elsewhere."""
        return self.sudo().search([("is_mdd_bureau", "=", True)], order="sequence, id", limit=1)
