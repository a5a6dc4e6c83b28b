# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MddWorkshop(models.Model):
    _inherit = "mdd.workshop"

    evaluation_survey_id = fields.Many2one(
        "survey.survey",
        string="Evaluation survey",
        ondelete="set null",
        domain=[("access_mode", "=", "token")],
        help="Sent to the organisation after a session of this workshop. Empty: the shared "
        "default evaluation.",
    )
    participant_survey_id = fields.Many2one(
        "survey.survey",
        string="Participant survey",
        ondelete="set null",
        domain=[("access_mode", "=", "token")],
        help="Behind the QR code of the attendance sheet. Empty: the shared default "
        "participant survey.",
    )
    evaluation_scores = fields.Text(
        string="Scores",
        compute="_compute_evaluation_scores",
        help="Average scores of all evaluations of this workshop; fewer than 5 answers are "
        "not averaged.",
    )

    @api.depends_context("lang")
    def _compute_evaluation_scores(self):
        Analysis = self.env["mdd.education.evaluation.analysis"].sudo()
        for workshop in self:
            if not workshop.id:
                workshop.evaluation_scores = False
                continue
            lines = Analysis._score_lines([("workshop_id", "=", workshop.id)])
            workshop.evaluation_scores = "\n".join(f"{label}: {value}" for label, value in lines)
