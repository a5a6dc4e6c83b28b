# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

CRITERIA = [
    ("content", "Content"),
    ("trainer", "Trainer"),
    ("usefulness", "Usefulness"),
]


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    mdd_criterion = fields.Selection(
        CRITERIA,
        string="Voorlichting score",
        help="For a scale question of a Voorlichting evaluation: the score it gives. Its "
        "answers roll up per workshop, trainer, audience, municipality and year.",
    )
