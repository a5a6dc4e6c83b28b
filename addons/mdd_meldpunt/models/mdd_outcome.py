# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MddOutcome(models.Model):
    _name = "mdd.outcome"
    _inherit = "mdd.registration.list.mixin"
    _description = "Outcome of a report"
