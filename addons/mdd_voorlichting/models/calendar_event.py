# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _get_activity_excluded_models(self):
        # A session's event is kept in sync by the session itself; it must not
        # also create a "meeting" activity on the session.
        return [*super()._get_activity_excluded_models(), "mdd.education.session"]
