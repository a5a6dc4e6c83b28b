# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import VoorlichtingCommon

ANALYSIS = "mdd.education.evaluation.analysis"


@tagged("post_install", "-at_install")
class TestEvaluationSurvey(VoorlichtingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        now = fields.Datetime.now()
        cls.given = cls._create_session(
            start=now - timedelta(days=1, hours=3),
            stop=now - timedelta(days=1, hours=1),
            state="confirmed",
        )
        cls.org_survey = cls.env.ref("mdd_voorlichting.survey_evaluation_organisation")
        cls.participant_survey = cls.env.ref("mdd_voorlichting.survey_evaluation_participant")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _json(self, path, params):
        response = self.opener.post(f"{self.base_url()}{path}", json={"params": params})
        self.assertEqual(response.status_code, 200)
        result = response.json()["result"]
        self.assertNotIn("error", result[1], result)
        return result

    def _answer_by_http(self, answer, scores, remark=""):
        """Fill in ``answer`` through the survey app's own pages."""
        survey = answer.survey_id
        page = self.url_open(answer.get_start_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(survey.title, page.text)
        self._json(f"/survey/begin/{survey.access_token}/{answer.access_token}", {})
        post = {}
        for question in survey.question_ids:
            if question.question_type == "scale":
                post[str(question.id)] = str(scores[question.mdd_criterion])
            else:
                post[str(question.id)] = remark
        self._json(f"/survey/submit/{survey.access_token}/{answer.access_token}", post)
        self.assertEqual(answer.state, "done")

    @staticmethod
    def _answer_by_model(answer, scores):
        for question in answer.survey_id.question_ids:
            if question.question_type == "scale":
                answer._save_lines(question, str(scores[question.mdd_criterion]))
        answer._mark_done()

    def _participant_link(self, session):
        session.with_user(self.trainer).action_print_attendance_sheet()
        token = session.sudo().participant_survey_token
        self.assertTrue(token)
        return f"/voorlichting/evaluatie/{token}"

    def _start_participant(self, link):
        page = self.url_open(link)
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="mdd_evaluation_start"', page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(link, data={"csrf_token": csrf}, allow_redirects=False)

    def _rollup(self, domain, groupby):
        return (
            self.env[ANALYSIS]
            .with_user(self.planner)
            .read_group(domain, ["score:avg", "answer_count"], groupby, lazy=False)
        )

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_survey_round_trip(self):
        # 1. Sent: the day after, the organisation's contact gets the survey.
        self.Session._cron_request_evaluations()
        self.assertEqual(self.given.state, "done")
        answer = self.given.sudo().evaluation_answer_id
        self.assertEqual(answer.survey_id, self.org_survey)
        self.assertEqual(answer.partner_id, self.contact_a)
        self.assertEqual(answer.mdd_respondent, "organisation")
        self.assertEqual(answer.mdd_session_id, self.given)
        mail = self.env["mail.mail"].search(
            [("model", "=", self.given._name), ("res_id", "=", self.given.id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(mail.recipient_ids, self.contact_a)
        self.assertIn(answer.access_token, mail.body_html)
        self.assertIn("#evaluation", mail.body_html, "the free-text form is still linked")

        # 2. Answered by the portal contact, logged in.
        self.authenticate("va_portal_a", "va_portal_a")
        self._answer_by_http(answer, {"content": 4, "trainer": 5, "usefulness": 3}, "Goed")
        # Done: the link cannot be used again.
        survey = answer.survey_id
        response = self.opener.post(
            f"{self.base_url()}/survey/submit/{survey.access_token}/{answer.access_token}",
            json={"params": {}},
        )
        self.assertEqual(response.json()["result"][1]["error"], "unauthorized")

        # 3. Answered by an anonymous participant through the QR code.
        link = self._participant_link(self.given)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.trainer)
            ._render_qweb_html("mdd_voorlichting.report_session_attendance", self.given.ids)[0]
            .decode()
        )
        self.assertIn("data:image/png;base64,", html, "the QR code is on the sheet")
        self.assertIn(link, html)
        self.authenticate(None, None)
        response = self._start_participant(link)
        self.assertEqual(response.status_code, 303)
        participant = self.env["survey.user_input"].search(
            [("mdd_session_id", "=", self.given.id), ("mdd_respondent", "=", "participant")]
        )
        self.assertEqual(len(participant), 1)
        self.assertEqual(participant.survey_id, self.participant_survey)
        self.assertFalse(participant.partner_id, "anonymous")
        self.assertIn(participant.access_token, response.headers["Location"])
        self._answer_by_http(participant, {"content": 2, "trainer": 3, "usefulness": 1})

        # 4. Rolled up.
        self._check_rollup()

    def _check_rollup(self):
        # Two answers are too few for an average.
        domain = [("session_id", "=", self.given.id)]
        for group in self._rollup(domain, ["criterion"]):
            self.assertEqual(group["answer_count"], 2)
            self.assertIs(group["score"], False, "no average of fewer than 5 answers")
        Analysis = self.env[ANALYSIS].with_user(self.planner).with_context(lang="nl_NL")
        self.assertEqual(Analysis._score_display(domain), "<5 antwoorden")
        self.assertIn("<5", self.workshop.with_user(self.planner).evaluation_scores)
        # Three more participants: five answers, averaged.
        for score in (5, 5, 4):
            answer_3 = self.given.sudo()._start_participant_answer()
            self._answer_by_model(answer_3, {"content": score, "trainer": 4, "usefulness": 2})
        groups = {g["criterion"]: g for g in self._rollup(domain, ["criterion"])}
        self.assertEqual(groups["content"]["answer_count"], 5)
        self.assertAlmostEqual(groups["content"]["score"], (4 + 2 + 5 + 5 + 4) / 5)
        self.assertAlmostEqual(groups["usefulness"]["score"], (3 + 1 + 2 + 2 + 2) / 5)
        # Per respondent: the organisation alone is still one answer.
        by_respondent = {g["respondent"]: g for g in self._rollup(domain, ["respondent"])}
        self.assertIs(by_respondent["organisation"]["score"], False)
        self.assertEqual(by_respondent["participant"]["answer_count"], 4)
        self.assertIs(by_respondent["participant"]["score"], False)
        # Per trainer, workshop, audience, municipality and year.
        [group] = self._rollup(
            domain,
            ["trainer_id", "workshop_id", "audience_id", "municipality_id", "session_date:year"],
        )
        self.assertEqual(group["trainer_id"][0], self.trainer.id)
        self.assertEqual(group["answer_count"], 5)
        self.assertTrue(group["score"])
        self.assertEqual(
            Analysis._score_display([*domain, ("criterion", "=", "content")]),
            "4,0 (5 antwoorden)",
        )
        self.assertEqual(self.given.with_user(self.planner).evaluation_answer_count, 5)

    def test_duo_session_counts_each_answer_once(self):
        now = fields.Datetime.now()
        duo = self._create_session(
            workshop_id=self.workshop_duo.id,
            start=now - timedelta(hours=5),
            stop=now - timedelta(hours=2),
            state="confirmed",
            trainer_ids=[fields.Command.set((self.trainer | self.trainer_2).ids)],
        )
        domain = [("session_id", "=", duo.id)]
        for _index in range(4):
            answer = duo.sudo()._start_participant_answer()
            self._answer_by_model(answer, {"content": 4, "trainer": 4, "usefulness": 4})
        [total] = self._rollup(domain, [])
        self.assertEqual(total["answer_count"], 4, "not once per trainer")
        self.assertIs(total["score"], False)
        answer = duo.sudo()._start_participant_answer()
        self._answer_by_model(answer, {"content": 5, "trainer": 5, "usefulness": 5})
        by_trainer = self._rollup(domain, ["trainer_id"])
        self.assertEqual(len(by_trainer), 2)
        for group in by_trainer:
            self.assertEqual(group["answer_count"], 5)
            self.assertAlmostEqual(group["score"], 4.2)

    def test_participant_link_refusals(self):
        self.authenticate(None, None)
        self.assertEqual(self.url_open("/voorlichting/evaluatie/unknown").status_code, 404)
        # Before the session starts the evaluation is closed.
        future = self._create_session(
            start=fields.Datetime.now() + timedelta(days=3), state="planned"
        )
        link = self._participant_link(future)
        page = self.url_open(link)
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="mdd_evaluation_closed"', page.text)
        with self.assertRaises(UserError):
            future.sudo()._start_participant_answer()
        self.assertFalse(
            self.env["survey.user_input"].search_count([("mdd_session_id", "=", future.id)])
        )
        # A cancelled session has no evaluation at all.
        future._action_cancel("Geannuleerd")
        self.assertEqual(self.url_open(link).status_code, 404)
        # A link passed around cannot flood the figures.
        session = self.given.sudo()
        limit = session._participant_answer_limit()
        self.assertEqual(limit, 50, "twice the 25 planned participants")
        for _index in range(limit):
            session._start_participant_answer()
        with self.assertRaises(UserError):
            session._start_participant_answer()

    def test_who_may_do_what(self):
        with self.assertRaises(AccessError):
            self.given.with_user(self.trainer_2).action_print_attendance_sheet()
        self.assertFalse(self.given.sudo().participant_survey_token)
        with self.assertRaises(AccessError):
            self.env[ANALYSIS].with_user(self.trainer).search([])
        with self.assertRaises(AccessError):
            self.given.with_user(self.trainer).action_open_evaluations()
        self.given.with_user(self.planner).action_print_attendance_sheet()
        self.assertTrue(self.given.sudo().participant_survey_token)


@tagged("post_install", "-at_install")
class TestEvaluationTour(VoorlichtingCommon, HttpCase):
    """Acceptance: the participant on a phone and the organisation's contact
    fill in the evaluation, in Chromium, on a phone."""

    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        now = fields.Datetime.now()
        cls.given = cls._create_session(
            start=now - timedelta(hours=3), stop=now - timedelta(hours=1), state="confirmed"
        )

    def test_participant_on_a_phone(self):
        self.given.with_user(self.trainer).action_print_attendance_sheet()
        token = self.given.sudo().participant_survey_token
        self.start_tour(
            f"/voorlichting/evaluatie/{token}", "mdd_voorlichting_participant_evaluation"
        )
        answer = self.env["survey.user_input"].search([("mdd_session_id", "=", self.given.id)])
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.mdd_respondent, "participant")
        self.assertFalse(answer.partner_id)
        scores = {
            line.question_id.mdd_criterion: line.value_scale
            for line in answer.user_input_line_ids
            if line.answer_type == "scale"
        }
        self.assertEqual(scores, {"content": 4, "trainer": 5, "usefulness": 3})

    def test_organisation_through_the_mail(self):
        self.given.sudo()._system_write({"state": "done"})
        self.given.sudo()._notify_organisation("mdd_voorlichting.mail_template_session_evaluation")
        answer = self.given.sudo().evaluation_answer_id
        self.start_tour(answer.get_start_url(), "mdd_voorlichting_organisation_evaluation")
        self.assertEqual(answer.state, "done")
        remark = answer.user_input_line_ids.filtered(lambda line: line.answer_type == "text_box")
        self.assertEqual(remark.value_text_box, "Goede voorbeelden.")

    def test_pivot_shows_too_few_answers(self):
        for _index in range(2):
            answer = self.given.sudo()._start_participant_answer()
            TestEvaluationSurvey._answer_by_model(
                answer, {"content": 4, "trainer": 4, "usefulness": 4}
            )
        self.start_tour(
            "/odoo/action-mdd_voorlichting.action_mdd_education_evaluation_analysis",
            "mdd_voorlichting_evaluation_pivot",
            login="va_planner",
        )
