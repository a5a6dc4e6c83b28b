# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

REASONS = [
    ("leave", "Leave"),
    ("illness", "Illness"),
    ("training", "Training or course"),
    ("other", "Other"),
]


class MddTrainerUnavailability(models.Model):
    """A period in which a trainer cannot give sessions.

    A small model of its own rather than ``resource.calendar.leaves``: trainers
    record their own periods here under record rules (resource leaves can be
    edited by every internal user), without needing a resource or a working
    schedule. Validated time off that other modules write to
    ``resource.calendar.leaves`` for the trainer's resource is checked too.
    """

    _name = "mdd.trainer.unavailability"
    _description = "Trainer unavailability"
    _order = "start desc"

    user_id = fields.Many2one(
        "res.users",
        string="Trainer",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        ondelete="cascade",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("mdd_voorlichting.group_trainer").ids),
        ],
    )
    reason = fields.Selection(REASONS, required=True, default="leave")
    name = fields.Char(string="Description")
    start = fields.Datetime(required=True, index=True)
    stop = fields.Datetime(string="End", required=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends("reason", "name")
    def _compute_display_name(self):
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        for period in self:
            label = reasons.get(period.reason, "")
            period.display_name = f"{label}: {period.name}" if period.name else label

    @api.constrains("start", "stop")
    def _check_dates(self):
        for period in self:
            if period.stop <= period.start:
                raise ValidationError(
                    self.env._("The end of an unavailability period must be after its start.")
                )
