# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A demo user for every portal: the complainant, the school, the municipality.

Checked only in a database with demo data. The users log in with their demo
password (password = login) through the real login (``authenticate`` and the
tours), as a person trying the demo would.
"""

from datetime import datetime, time, timedelta

from odoo.addons.mdd_meldpunt.controllers.portal import mdd_report_domain
from odoo.tests import HttpCase, tagged

PROFILE = "mdd_profile_drenthe"


@tagged("post_install", "-at_install")
class TestPortalDemo(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.melder = ref(f"{PROFILE}.user_melder", raise_if_not_found=False)
        cls.school = ref(f"{PROFILE}.user_school", raise_if_not_found=False)
        cls.gemeente = ref(f"{PROFILE}.user_gemeente_assen", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        module = self.env["ir.module.module"].search([("name", "=", PROFILE)])
        if not module.demo or not self.melder:
            self.skipTest("no demo data")
        ref = self.env.ref
        self.report_house = ref(f"{PROFILE}.demo_report_melder_woning")
        self.report_gym = ref(f"{PROFILE}.demo_report_melder_sportschool")
        self.reply = ref(f"{PROFILE}.demo_message_melder_woning_reply")
        self.note = ref(f"{PROFILE}.demo_message_melder_woning_note")
        self.public_file = ref(f"{PROFILE}.demo_attachment_melder_informatieblad")
        self.note_file = ref(f"{PROFILE}.demo_attachment_melder_note")

    # ------------------------------------------------------------------
    # The users
    # ------------------------------------------------------------------

    def test_portal_users_and_their_access(self):
        for user in (self.melder, self.school, self.gemeente):
            with self.subTest(login=user.login):
                self.assertTrue(user._is_portal())
                self.assertFalse(user._is_internal())
                self.assertFalse(user._mfa_enforced())
                # The demo password is the login, and it is accepted.
                self.authenticate(user.login, user.login)
                self.assertEqual(self.url_open("/my").status_code, 200)
                self.authenticate(None, None)
        csg = self.env.ref(f"{PROFILE}.partner_csg_drentse_veld_contact")
        self.assertEqual(self.school.partner_id, csg)
        assen = self.env.ref("mdd_base.municipality_gm0106")
        self.assertEqual(self.gemeente.partner_id.sudo().mdd_municipality_id, assen)
        self.assertFalse(self.melder.partner_id.sudo().mdd_municipality_id)
        self.assertFalse(self.school.partner_id.sudo().mdd_municipality_id)

    # ------------------------------------------------------------------
    # melder
    # ------------------------------------------------------------------

    def test_melder_sees_her_reports(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.melder)
        reports = Ticket.search(mdd_report_domain(self.melder.partner_id))
        self.assertEqual(reports, self.report_house | self.report_gym)
        # Her record rules let her read nothing else of the demo reports.
        self.assertEqual(Ticket.search([]), reports)
        for report in reports.sudo():
            self.assertEqual(report.team_id, self.env.ref(f"{PROFILE}.team_mdd"))
            self.assertEqual(report.mdd_first_contact_state, "done")
        self.authenticate("melder", "melder")
        page = self.url_open("/my/meldingen")
        self.assertEqual(page.status_code, 200)
        for report in reports.sudo():
            self.assertIn(f"/my/meldingen/{report.id}", page.text)
            self.assertIn(report.number, page.text)

    def test_melder_never_gets_the_internal_note(self):
        self.assertEqual(self.reply.model, "helpdesk.ticket")
        self.assertEqual(self.reply.res_id, self.report_house.id)
        self.assertEqual(self.reply.author_id, self.env.ref(f"{PROFILE}.user_handler").partner_id)
        self.assertTrue(self.note.is_internal)
        self.assertEqual(self.note.subtype_id, self.env.ref("mail.mt_note"))
        self.authenticate("melder", "melder")
        page = self.url_open(f"/my/meldingen/{self.report_house.id}")
        self.assertEqual(page.status_code, 200)
        for text in ("Interne notitie", self.note_file.name, "wederhoor vragen"):
            self.assertNotIn(text, page.text)
        # What the portal chatter fetches for her.
        result = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "helpdesk.ticket", "thread_id": self.report_house.id},
        )
        self.assertIn(self.reply.id, result["messages"])
        self.assertNotIn(self.note.id, result["messages"])
        files = {a["id"] for a in result["data"].get("ir.attachment", [])}
        self.assertIn(self.public_file.id, files)
        self.assertNotIn(self.note_file.id, files)
        self.assertNotIn("wederhoor vragen", str(result))
        # Nor can she download the note's file by its id.
        response = self.url_open(f"/web/content/{self.note_file.id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn("Interne aantekening", response.text)

    def test_tour_melder(self):
        self.start_tour("/web/login", "mdd_demo_portal_melder")

    # ------------------------------------------------------------------
    # school
    # ------------------------------------------------------------------

    def test_school_sessions_and_request(self):
        csg = self.env.ref(f"{PROFILE}.partner_csg_drentse_veld")
        Session = self.env["mdd.education.session"].with_user(self.school)
        sessions = Session.search([("partner_id", "=", csg.id)])
        self.assertTrue({"planned", "confirmed", "evaluated"} <= set(sessions.mapped("state")))
        # Relative to the moment the demo data was loaded.
        now = self.env.ref(f"{PROFILE}.request_csg_drentse_veld").create_date
        for session in sessions.filtered(lambda s: s.state in ("planned", "confirmed")):
            self.assertGreater(session.start, now)
        for session in sessions.filtered(lambda s: s.state == "evaluated"):
            self.assertLess(session.start, now)
        request = self.env.ref(f"{PROFILE}.request_csg_drentse_veld")
        self.assertEqual(request.state, "new")
        self.assertEqual(request.contact_id, self.school.partner_id)
        self.authenticate("school", "school")
        page = self.url_open("/my/voorlichtingen")
        self.assertEqual(page.status_code, 200)
        for session in sessions.filtered(lambda s: s.state != "draft"):
            self.assertIn(f'data-session-id="{session.id}"', page.text)

    def test_tour_school(self):
        self.start_tour("/web/login", "mdd_demo_portal_school")

    # ------------------------------------------------------------------
    # gemeente-assen
    # ------------------------------------------------------------------

    def test_gemeente_sees_assen_only(self):
        self.authenticate("gemeente-assen", "gemeente-assen")
        page = self.url_open("/my/cijfers")
        self.assertEqual(page.status_code, 200)
        assen = self.env.ref("mdd_base.municipality_gm0106")
        self.assertIn(f'data-cbs_code="{assen.cbs_code}"', page.text)
        self.assertIn("Assen", page.text)
        self.authenticate("melder", "melder")
        self.assertEqual(self.url_open("/my/cijfers").status_code, 403)

    def test_demo_figures_published_by_the_first_cron_run(self):
        Publication = self.env["mdd.wga.publication"]
        cron = self.env.ref(f"{PROFILE}.ir_cron_demo_publications")
        year = datetime.now().year - 1
        self.assertTrue(cron.active)
        # Nothing is published while the database is installed.
        self.assertFalse(Publication.search_count([("year", "=", year)]))
        cron.method_direct_trigger()
        assen = self.env.ref("mdd_base.municipality_gm0106")
        published = Publication.search([("year", "=", year), ("state", "=", "published")])
        self.assertIn(assen, published.municipality_id)
        self.assertFalse(cron.active)
        # Once is enough: a second run publishes nothing more.
        self.env["mdd.wga.publication"]._mdd_cron_demo_publications()
        self.assertEqual(Publication.search([("year", "=", year)]), published)
        # The official finds them on the portal, in the bureau's language.
        self.authenticate("gemeente-assen", "gemeente-assen")
        page = self.url_open(f"/my/cijfers?year={year}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(str(year), page.text)
        self.assertEqual(published.mapped("lang"), ["nl_NL"] * len(published))

    def test_tour_gemeente(self):
        self.start_tour("/web/login", "mdd_demo_portal_gemeente")


@tagged("post_install", "-at_install")
class TestDemoWeek(HttpCase):
    """The demo is placed around the day it is loaded: the planner's calendar
    has sessions in the current week, whatever its weekday."""

    def setUp(self):
        super().setUp()
        module = self.env["ir.module.module"].search([("name", "=", PROFILE)])
        if not module.demo or not self.env.ref(f"{PROFILE}.session_week_1", False):
            self.skipTest("no demo data")

    def test_sessions_this_week(self):
        # The day the demo data was loaded (the test may run days later).
        today = self.env.ref(f"{PROFILE}.session_week_1").create_date.date()
        monday = today - timedelta(days=today.weekday())
        start = datetime.combine(monday, time.min)
        stop = start + timedelta(days=7)
        planner = self.env.ref(f"{PROFILE}.user_planner")
        week = (
            self.env["mdd.education.session"]
            .with_user(planner)
            .search([("start", ">=", start), ("start", "<", stop), ("state", "!=", "cancelled")])
        )
        self.assertGreaterEqual(len(week), 6)
        ours = week.sudo().filtered(
            lambda s: s.get_external_id()[s.id].startswith(f"{PROFILE}.session_week_")
        )
        self.assertEqual(len(ours), 6)
        self.assertEqual({s.start.weekday() for s in ours}, {0, 1, 2, 3, 4})
        for session in ours:
            day = session.start.date()
            self.assertEqual(session.state, "done" if day < today else "confirmed", day)
        # The school's confirmed session is next week, whatever today is.
        school = self.env.ref(f"{PROFILE}.session_week_school")
        self.assertEqual(school.start.date() - monday, timedelta(days=8))
        self.assertEqual(school.state, "confirmed")
