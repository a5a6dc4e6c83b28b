# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class Website(models.Model):
    _inherit = "website"

    def mdd_retention_years(self):
        """The retention period of reports, as the privacy page states it:
        read from the setting, so that the page and the removal agree."""
        return self.env["mdd.retention"].sudo()._mdd_retention_years()
