# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MddWorkshop(models.Model):
    _name = "mdd.workshop"
    _description = "Workshop"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    description = fields.Html(translate=True)
    audience_ids = fields.Many2many("mdd.audience", string="Audiences")
    duration = fields.Float(string="Duration (hours)", default=1.5, required=True, tracking=True)
    trainers_needed = fields.Selection(
        [("1", "One trainer"), ("2", "Two trainers")],
        default="1",
        required=True,
    )
    max_participants = fields.Integer(string="Maximum participants", default=30)
    website_published = fields.Boolean(
        string="Published on the website",
        help="Organisations can request published workshops on the website.",
    )
    active = fields.Boolean(default=True)
    session_ids = fields.One2many("mdd.education.session", "workshop_id", string="Sessions")
    session_count = fields.Integer(compute="_compute_session_count")

    @api.constrains("duration", "max_participants")
    def _check_positive(self):
        for workshop in self:
            if workshop.duration <= 0:
                raise ValidationError(self.env._("The duration must be positive."))
            if workshop.max_participants < 0:
                raise ValidationError(
                    self.env._("The maximum number of participants cannot be negative.")
                )

    def _compute_session_count(self):
        groups = self.env["mdd.education.session"]._read_group(
            [("workshop_id", "in", self.ids)], ["workshop_id"], ["__count"]
        )
        counts = {workshop.id: count for workshop, count in groups}
        for workshop in self:
            workshop.session_count = counts.get(workshop.id, 0)

    def action_view_sessions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mdd_voorlichting.action_mdd_education_session"
        )
        action["domain"] = [("workshop_id", "=", self.id)]
        action["context"] = {"default_workshop_id": self.id}
        return action
