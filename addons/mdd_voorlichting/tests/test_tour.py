# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import VoorlichtingCommon


@tagged("post_install", "-at_install")
class TestVoorlichtingFlowTour(VoorlichtingCommon, HttpCase):
    """Acceptance: request, plan, confirm and evaluate, in Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        cls.workshop.name = "Tour workshop"
        # The organisation's contact already has a portal account; the
        # public form recognises the address.
        cls.tour_org = cls.env["res.partner"].create(
            {"name": "Tourschool Assen", "is_company": True}
        )
        cls.tour_contact = cls.env["res.partner"].create(
            {"name": "Toos Tour", "email": "toos.tour@example.org", "parent_id": cls.tour_org.id}
        )
        cls.tour_portal = new_test_user(
            cls.env,
            login="va_tour_portal",
            groups="base.group_portal",
            partner_id=cls.tour_contact.id,
            name=cls.tour_contact.name,
            email=cls.tour_contact.email,
        )

    def test_request_plan_confirm_evaluate(self):
        self.env["mdd.throttle"].sudo().search([]).unlink()
        Request = self.env["mdd.education.request"]
        before = Request.search([])

        # 1. The organisation requests a session on the public page.
        self.start_tour(
            f"/voorlichting/aanvragen?workshop={self.workshop.id}", "mdd_voorlichting_request"
        )
        request = Request.search([]) - before
        self.assertEqual(len(request), 1)
        self.assertEqual(request.partner_id, self.tour_org)
        self.assertEqual(request.contact_id, self.tour_contact)
        self.assertEqual(request.workshop_id, self.workshop)
        self.assertEqual(request.municipality_id, self.assen)
        self.assertEqual(request.participant_count, 24)
        self.assertEqual(request.window_ids.daypart, "morning")

        # 2. The planner plans it with a trainer.
        self.start_tour(
            "/odoo/action-mdd_voorlichting.action_mdd_education_request",
            "mdd_voorlichting_plan",
            login="va_planner",
        )
        session = request.session_ids
        self.assertEqual(len(session), 1)
        self.assertEqual(session.state, "planned")
        self.assertEqual(session.trainer_ids, self.trainer)
        self.assertEqual(session.calendar_event_id.partner_ids, self.trainer.partner_id)
        invitation = self.env["mail.mail"].search(
            [("model", "=", session._name), ("res_id", "=", session.id)]
        )
        self.assertEqual(invitation.recipient_ids, self.tour_contact)
        self.assertEqual(invitation.attachment_ids.mimetype, "text/calendar")

        # 3. The organisation confirms it in the portal.
        self.start_tour("/my", "mdd_voorlichting_portal_confirm", login="va_tour_portal")
        self.assertEqual(session.state, "confirmed")

        # The session takes place; the next morning the evaluation is asked.
        now = fields.Datetime.now()
        session.write(
            {"start": now - timedelta(days=1, hours=3), "stop": now - timedelta(days=1, hours=1)}
        )
        self.env["mdd.education.session"]._cron_request_evaluations()
        self.assertEqual(session.state, "done")
        mail = self.env["mail.mail"].search(
            [("model", "=", session._name), ("res_id", "=", session.id)], order="id desc", limit=1
        )
        link = re.search(r'href="https?://[^/"]+(/my/voorlichtingen/[^"]+)"', mail.body_html).group(
            1
        )
        self.assertIn("access_token=", link)

        # 4. ... and evaluates it through the link in the mail, without login.
        self.start_tour(link.replace("&amp;", "&"), "mdd_voorlichting_evaluate")
        self.assertEqual(session.state, "evaluated")
        self.assertEqual(session.evaluation_rating, "5")
        self.assertEqual(session.participant_count_actual, 23)
        self.assertEqual(session.evaluation_good, "Heel leerzaam voor de klas.")
