# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The scores of the evaluations, one row per score per trainer.

A score counts for each trainer of the session, so that the scores roll up
per trainer too. Averages of fewer than :data:`MIN_ANSWERS` answers are
never shown: every grouping (pivot, graph, totals) is checked on the number
of distinct answers in it, and its averages are emptied below the minimum
(the pivot shows "<5 answers").
"""

from odoo import api, fields, models, tools
from odoo.tools import formatLang

from .survey_question import CRITERIA
from .survey_user_input import RESPONDENTS

# Fewer answers than this are not averaged.
MIN_ANSWERS = 5
# Measures that are averages of scores.
SCORE_MEASURES = ("score",)


class MddEducationEvaluationAnalysis(models.Model):
    _name = "mdd.education.evaluation.analysis"
    _description = "Evaluation scores of education sessions"
    _auto = False
    _order = "session_date desc, id"
    # Flushed before the view is read.
    _depends = {
        "survey.user_input": ["state", "test_entry", "mdd_session_id", "mdd_respondent"],
        "survey.user_input.line": [
            "user_input_id",
            "question_id",
            "answer_type",
            "value_scale",
            "skipped",
        ],
        "survey.question": ["mdd_criterion"],
        "mdd.education.session": [
            "workshop_id",
            "audience_id",
            "municipality_id",
            "partner_id",
            "company_id",
            "start",
            "trainer_ids",
        ],
    }

    user_input_id = fields.Many2one("survey.user_input", string="Answer", readonly=True)
    session_id = fields.Many2one("mdd.education.session", string="Education session", readonly=True)
    workshop_id = fields.Many2one("mdd.workshop", readonly=True)
    trainer_id = fields.Many2one("res.users", readonly=True)
    audience_id = fields.Many2one("mdd.audience", readonly=True)
    municipality_id = fields.Many2one("mdd.municipality", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Organisation", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    session_date = fields.Date(readonly=True)
    respondent = fields.Selection(RESPONDENTS, readonly=True)
    criterion = fields.Selection(CRITERIA, readonly=True)
    score = fields.Float(string="Average score", aggregator="avg", readonly=True)
    answer_count = fields.Integer(
        string="Answers",
        aggregator="sum",
        readonly=True,
        help="Number of distinct answers (surveys filled in) in the group.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT row_number() OVER (ORDER BY line.id, rel.user_id) AS id,
                       answer.id AS user_input_id,
                       session.id AS session_id,
                       session.workshop_id,
                       rel.user_id AS trainer_id,
                       session.audience_id,
                       session.municipality_id,
                       session.partner_id,
                       session.company_id,
                       (session.start AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Amsterdam')::date
                           AS session_date,
                       answer.mdd_respondent AS respondent,
                       question.mdd_criterion AS criterion,
                       line.value_scale::float AS score,
                       0 AS answer_count
                  FROM survey_user_input_line line
                  JOIN survey_user_input answer ON answer.id = line.user_input_id
                  JOIN survey_question question ON question.id = line.question_id
                  JOIN mdd_education_session session ON session.id = answer.mdd_session_id
             LEFT JOIN mdd_education_session_trainer_rel rel ON rel.session_id = session.id
                 WHERE answer.state = 'done'
                   AND NOT coalesce(answer.test_entry, false)
                   AND line.answer_type = 'scale'
                   AND NOT coalesce(line.skipped, false)
                   AND question.mdd_criterion IS NOT NULL
            )
            """
        )

    @api.model
    def _answer_count(self, domain):
        """Distinct answers (filled-in surveys) matching ``domain``."""
        [(count,)] = self._read_group(domain, [], ["user_input_id:count_distinct"])
        return count

    @api.model
    def read_group(  # noqa: PLR0917 (Odoo's signature)
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        groups = super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )
        measures = {spec.split(":")[0].strip() for spec in fields}
        if not measures & {*SCORE_MEASURES, "answer_count"}:
            return groups
        for group in groups:
            count = self._answer_count(group.get("__domain", domain))
            if "answer_count" in group or "answer_count" in measures:
                group["answer_count"] = count
            if count < MIN_ANSWERS:
                for measure in SCORE_MEASURES:
                    if measure in group:
                        group[measure] = False
        return groups

    @api.model
    def _score_display(self, domain):
        """The average score of ``domain`` as text, or "<5 answers"."""
        count = self._answer_count(domain)
        if count < MIN_ANSWERS:
            return self.env._("<%(count)s answers", count=MIN_ANSWERS)
        [(average,)] = self._read_group(domain, [], ["score:avg"])
        return self.env._(
            "%(score)s (%(count)s answers)",
            score=formatLang(self.env, average or 0.0, digits=1),
            count=count,
        )

    @api.model
    def _score_lines(self, domain):
        """[(criterion label, score text)] of ``domain``, for a form."""
        labels = dict(self._fields["criterion"]._description_selection(self.env))
        return [
            (labels[criterion], self._score_display([*domain, ("criterion", "=", criterion)]))
            for criterion, _label in CRITERIA
        ]
