# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import time

from odoo import api, fields, models
from odoo.exceptions import ValidationError

DAYPARTS = [
    ("morning", "Morning"),
    ("afternoon", "Afternoon"),
    ("evening", "Evening"),
    ("any", "Any time"),
]
# Local start time proposed for a session in each part of the day.
DAYPART_START = {
    "morning": time(9, 0),
    "afternoon": time(13, 30),
    "evening": time(19, 30),
    "any": time(9, 0),
}


class MddEducationRequestWindow(models.Model):
    """A period in which the organisation would like the session(s)."""

    _name = "mdd.education.request.window"
    _description = "Preferred date window"
    _order = "date_from, id"

    request_id = fields.Many2one(
        "mdd.education.request", required=True, index=True, ondelete="cascade"
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="Until", required=True)
    daypart = fields.Selection(DAYPARTS, string="Part of the day", required=True, default="any")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for window in self:
            if window.date_to < window.date_from:
                raise ValidationError(
                    self.env._("A preferred period must end on or after the day it starts.")
                )

    @api.depends("date_from", "date_to", "daypart")
    def _compute_display_name(self):
        dayparts = dict(self._fields["daypart"]._description_selection(self.env))
        for window in self:
            dates = fields.Date.to_string(window.date_from) or ""
            if window.date_to and window.date_to != window.date_from:
                dates = f"{dates} - {fields.Date.to_string(window.date_to)}"
            window.display_name = f"{dates} ({dayparts.get(window.daypart, '')})"
