# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Evaluations with scores, through Odoo's survey app.

Two surveys per session, each the workshop's own or the shared default:

- the organisation's contact gets the evaluation survey by mail the day
  after the session, instead of the free-text evaluation mail (whose form
  stays on the session's portal page and is linked from the same mail);
- participants answer a short survey anonymously, behind the QR code of the
  attendance sheet the trainer prints.

Answers are ``survey.user_input`` records linked to the session; the scores
roll up in ``mdd.education.evaluation.analysis``.
"""

import base64
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

EVALUATION_TEMPLATE = "mdd_voorlichting.mail_template_session_evaluation"
EVALUATION_SURVEY_TEMPLATE = "mdd_voorlichting.mail_template_session_evaluation_survey"
# States in which participants can evaluate a session (from its start).
PARTICIPANT_STATES = ("planned", "confirmed", "done", "evaluated")
# Participants can evaluate until this many days after the session.
PARTICIPANT_DAYS = 14
# The organisation's survey link is valid this long.
ORGANISATION_DAYS = 30


class MddEducationSession(models.Model):
    _inherit = "mdd.education.session"

    evaluation_answer_id = fields.Many2one(
        "survey.user_input",
        string="Evaluation survey answer",
        copy=False,
        readonly=True,
        ondelete="set null",
        groups="base.group_system",
        help="The organisation's answer to the evaluation survey.",
    )
    participant_survey_token = fields.Char(
        copy=False,
        readonly=True,
        groups="mdd_voorlichting.group_trainer",
        help="Secret of the participants' evaluation link (the QR code of the attendance sheet).",
    )
    evaluation_answer_count = fields.Integer(
        string="Evaluations", compute="_compute_evaluation_answer_count"
    )

    def _compute_evaluation_answer_count(self):
        # sudo: answers are the survey app's; the count is not personal data.
        groups = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [("mdd_session_id", "in", self.ids), ("state", "=", "done")],
                ["mdd_session_id"],
                ["__count"],
            )
        )
        counts = {session.id: count for session, count in groups}
        for session in self:
            session.evaluation_answer_count = counts.get(session.id, 0)

    # ------------------------------------------------------------------
    # Surveys
    # ------------------------------------------------------------------
    def _evaluation_survey(self, respondent):
        """The active survey for ``respondent`` ('organisation' or
        'participant'): the workshop's own, else the shared default."""
        self.ensure_one()
        workshop = self.workshop_id.sudo()
        if respondent == "organisation":
            survey = workshop.evaluation_survey_id
            default = "mdd_voorlichting.survey_evaluation_organisation"
        else:
            survey = workshop.participant_survey_id
            default = "mdd_voorlichting.survey_evaluation_participant"
        # sudo: the surveys are the survey app's; any session user uses them.
        survey = survey or self.env.ref(default, raise_if_not_found=False)
        survey = (survey or self.env["survey.survey"]).sudo()
        return survey if survey.active else self.env["survey.survey"]

    def _create_evaluation_answer(self, respondent, partner=None):
        """A new answer of the session's survey for ``respondent``, as the
        system (callers check who may ask for one)."""
        self.ensure_one()
        survey = self._evaluation_survey(respondent)
        if not survey:
            return self.env["survey.user_input"]
        days = ORGANISATION_DAYS if respondent == "organisation" else PARTICIPANT_DAYS
        return survey._create_answer(
            partner=partner or False,
            check_attempts=False,
            mdd_session_id=self.id,
            mdd_respondent=respondent,
            deadline=max(self.stop, fields.Datetime.now()) + timedelta(days=days),
        )

    def _notify_organisation(self, template_xmlid, attach_ics=False):
        """The evaluation mail links to the evaluation survey when there is
        one (and still to the free-text form of the portal page)."""
        if template_xmlid == EVALUATION_TEMPLATE and self._evaluation_survey("organisation"):
            contact = self.contact_id or self.partner_id
            if contact.email:
                answer = self.sudo().evaluation_answer_id
                if not answer or answer.state == "done":
                    answer = self._create_evaluation_answer("organisation", partner=contact)
                    self._system_write({"evaluation_answer_id": answer.id})
                template_xmlid = EVALUATION_SURVEY_TEMPLATE
        return super()._notify_organisation(template_xmlid, attach_ics=attach_ics)

    def _evaluation_survey_url(self):
        """Link of the organisation's survey answer (for the mail template)."""
        self.ensure_one()
        answer = self.sudo().evaluation_answer_id
        return answer and f"{self.get_base_url()}{answer.get_start_url()}"

    # ------------------------------------------------------------------
    # Participants: the attendance sheet and its QR code
    # ------------------------------------------------------------------
    def _check_trainer_or_planner(self):
        user = self.env.user
        for session in self:
            if not self._is_planner(user) and user not in session.trainer_ids:
                raise AccessError(
                    self.env._("Only the trainers of a session or a planner can do this.")
                )

    def _participant_survey_url(self):
        """The participants' link of the QR code (empty without a token)."""
        self.ensure_one()
        token = self.sudo().participant_survey_token
        return token and f"{self.get_base_url()}/voorlichting/evaluatie/{token}"

    def action_print_attendance_sheet(self):
        """The attendance sheet with the participants' QR code."""
        self._check_trainer_or_planner()
        for session in self:
            if session.state not in PARTICIPANT_STATES:
                raise UserError(
                    self.env._(
                        "Session %(session)s is not planned; it has no attendance sheet.",
                        session=session.name,
                    )
                )
            if not session.sudo().participant_survey_token:
                # Checked above: a trainer of the session or a planner.
                session._system_write({"participant_survey_token": secrets.token_urlsafe(24)})
        return self.env.ref("mdd_voorlichting.action_report_session_attendance").report_action(self)

    @api.model
    def _find_by_participant_token(self, token):
        """The session of a participants' link (as the system), or empty."""
        if not token or not isinstance(token, str) or len(token) > 100:
            return self.browse()
        return self.sudo().search(
            [("participant_survey_token", "=", token), ("state", "in", PARTICIPANT_STATES)],
            limit=1,
        )

    def _participant_survey_open(self):
        """Whether participants can evaluate the session now."""
        self.ensure_one()
        now = fields.Datetime.now()
        return (
            self.state in PARTICIPANT_STATES
            and self.start <= now <= self.stop + timedelta(days=PARTICIPANT_DAYS)
            and bool(self._evaluation_survey("participant"))
        )

    def _participant_answer_limit(self):
        """At most this many participants' answers: twice the group, so a
        QR code passed around cannot flood the figures."""
        self.ensure_one()
        return 2 * max(self.participant_count_actual or self.participant_count or 0, 15)

    def _start_participant_answer(self):
        """A new anonymous answer for a participant; raises UserError with
        a message for the participant when the survey is closed."""
        self.ensure_one()
        if not self._participant_survey_open():
            raise UserError(self.env._("This evaluation is not open (any more)."))
        # Serialise the participants of one session, for the limit below.
        self.env.cr.execute(
            "SELECT id FROM mdd_education_session WHERE id = %s FOR UPDATE", [self.id]
        )
        count = (
            self.env["survey.user_input"]
            .sudo()
            .search_count(
                [("mdd_session_id", "=", self.id), ("mdd_respondent", "=", "participant")]
            )
        )
        if count >= self._participant_answer_limit():
            raise UserError(
                self.env._("This session has received all the evaluations it can. Thank you!")
            )
        return self._create_evaluation_answer("participant")

    def _participant_qr_data_uri(self):
        """The QR code of the participants' link, as an inline PNG."""
        self.ensure_one()
        url = self._participant_survey_url()
        if not url:
            return False
        png = self.env["ir.actions.report"].barcode("QR", url, width=300, height=300)
        return f"data:image/png;base64,{base64.b64encode(png).decode()}"

    def action_open_evaluations(self):
        """The scores of this session's evaluations."""
        self.ensure_one()
        self._check_planner()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mdd_voorlichting.action_mdd_education_evaluation_analysis"
        )
        action["domain"] = [("session_id", "=", self.id)]
        action["context"] = {"group_by": ["criterion"]}
        return action
