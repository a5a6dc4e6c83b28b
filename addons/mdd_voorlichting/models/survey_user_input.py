# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

RESPONDENTS = [("organisation", "Organisation"), ("participant", "Participant")]


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    mdd_session_id = fields.Many2one(
        "mdd.education.session",
        string="Education session",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    mdd_respondent = fields.Selection(RESPONDENTS, string="Respondent", readonly=True)
