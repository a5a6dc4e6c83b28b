# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Minutes a trainer needs between two sessions in different municipalities,
# unless the table of travel times says otherwise.
DEFAULT_TRAVEL_BUFFER = 45


class ResCompany(models.Model):
    _inherit = "res.company"

    mdd_travel_buffer_minutes = fields.Integer(
        string="Travel time between sessions (minutes)",
        default=DEFAULT_TRAVEL_BUFFER,
        help="A trainer needs at least this much time between two sessions in "
        "different municipalities, unless the travel times table gives the "
        "pair of municipalities its own time. 0 switches the check off.",
    )

    @api.constrains("mdd_travel_buffer_minutes")
    def _check_mdd_travel_buffer_minutes(self):
        for company in self:
            if not 0 <= company.mdd_travel_buffer_minutes <= 24 * 60:
                raise ValidationError(
                    self.env._("The travel time must be between 0 and 1440 minutes.")
                )
