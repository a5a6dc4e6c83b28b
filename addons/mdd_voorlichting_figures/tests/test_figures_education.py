# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Education sessions in the municipal figures (hook of mdd_meldpunt)."""

import html
from datetime import datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

YEAR = 2010


@tagged("post_install", "-at_install")
class TestFiguresEducation(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        env = cls.env
        Municipality = env["mdd.municipality"]
        cls.gieten = Municipality.create({"name": "Gietenveen", "cbs_code": "GM9911"})
        cls.other = Municipality.create({"name": "Andersum", "cbs_code": "GM9912"})
        cls.school = env.ref("mdd_voorlichting.audience_voortgezet_onderwijs")
        cls.police = env.ref("mdd_voorlichting.audience_politie")
        cls.workshop = env["mdd.workshop"].create({"name": "Workshop cijferstest"})
        cls.organisation = env["res.partner"].create(
            {"name": "Testschool Gietenveen", "is_company": True}
        )

        def session(
            start, state, *, audience=cls.school, municipality=cls.gieten, planned=30, actual=0
        ):
            return env["mdd.education.session"].create(
                {
                    "workshop_id": cls.workshop.id,
                    "partner_id": cls.organisation.id,
                    "municipality_id": municipality.id,
                    "audience_id": audience.id if audience else False,
                    "start": start,
                    "stop": start + timedelta(minutes=25),
                    "state": state,
                    "participant_count": planned,
                    "participant_count_actual": actual,
                }
            )

        # Given in 2010 (UTC times): two school sessions (25 counted, 30 planned),
        # one police session (12), one without audience (10).
        session(datetime(YEAR, 3, 1, 9), "done", actual=25)
        session(datetime(YEAR, 4, 1, 9), "evaluated")
        session(datetime(YEAR, 5, 1, 9), "evaluated", audience=cls.police, planned=15, actual=12)
        # 31 December 23:30 in Dutch time is still 2010.
        session(datetime(YEAR, 12, 31, 22, 30), "done", audience=False, planned=10)
        # Not counted: cancelled, not given yet, another year (1 January
        # 00:30 Dutch time), another municipality.
        session(datetime(YEAR, 6, 1, 9), "cancelled")
        session(datetime(YEAR, 6, 2, 9), "draft")
        session(datetime(YEAR, 12, 31, 23, 30), "done")
        session(datetime(YEAR, 6, 3, 9), "done", municipality=cls.other)

        cls.coordinator = new_test_user(
            env,
            login="edu_fig_coordinator",
            groups="base.group_user,mdd_meldpunt.group_mdd_manager",
        )
        cls.trainer = new_test_user(
            env,
            login="edu_fig_trainer",
            password="edu_fig_trainer",
            groups="base.group_user,mdd_voorlichting.group_trainer",
        )
        cls.planner = new_test_user(
            env,
            login="edu_fig_planner",
            password="edu_fig_planner",
            groups="base.group_user,mdd_voorlichting.group_planner",
        )
        cls.official = new_test_user(
            env,
            login="edu_fig_official",
            password="edu_fig_official",
            groups="base.group_portal",
        )
        cls.official.partner_id.mdd_municipality_id = cls.gieten

    def section(self, municipality):
        Figures = self.env["mdd.wga.figures"].with_user(self.coordinator)
        sections = Figures._extra_sections(municipality, YEAR)
        self.assertEqual(len(sections), 1)
        return sections[0]

    def test_sessions_and_participants_by_audience(self):
        section = self.section(self.gieten)
        self.assertEqual(section["title"], "Education sessions")
        self.assertEqual(
            section["rows"],
            [
                [self.school.name, 2, 55],
                [self.police.name, 1, 12],
                ["Other", 1, 10],
                ["Total", 4, 77],
            ],
        )
        # All municipalities (the dashboard): Andersum's session too.
        self.assertEqual(self.section(self.env["mdd.municipality"])["rows"][-1], ["Total", 5, 107])

    def test_pdf_and_dashboard_show_the_sessions(self):
        Report = self.env["ir.actions.report"].with_user(self.coordinator)
        content, __ = Report._render_qweb_html(
            "mdd_meldpunt.report_wga_municipality", self.gieten.ids, data={"year": YEAR}
        )
        text = html.unescape(content.decode())
        self.assertIn("Discriminatiemeldingen Gietenveen 2010", text)
        self.assertIn("Education sessions", text)
        self.assertIn("<td>77</td>", text)
        data = self.env["mdd.dashboard"].with_user(self.coordinator).get_dashboard_data(YEAR)
        chart = next(chart for chart in data["charts"] if chart["key"] == "education")
        rows = {row["label"]: row["values"] for row in chart["rows"]}
        self.assertEqual(rows[self.gieten.name], [4, 77])
        self.assertEqual(sum(values[0] for values in rows.values()), 5)
        self.assertEqual(sum(values[1] for values in rows.values()), 107)
        # Only who may read sessions opens them.
        can_read = self.env["mdd.education.session"].with_user(self.coordinator).has_access("read")
        self.assertEqual(chart["action"], "session" if can_read else False)
        if can_read:
            Session = self.env["mdd.education.session"].with_user(self.coordinator)
            self.assertEqual(
                Session.search_count(chart["rows"][0]["domains"][0]), chart["rows"][0]["values"][0]
            )

    def test_portal_page_shows_the_sessions(self):
        # Published (frozen) with the figures, although the municipality had
        # no reports in 2010.
        publication = (
            self.env["mdd.wga.publication"]
            .with_user(self.coordinator)
            .create({"municipality_id": self.gieten.id, "year": YEAR})
        )
        publication.action_publish()
        self.authenticate("edu_fig_official", "edu_fig_official")
        response = self.url_open(f"/my/cijfers?year={YEAR}")
        self.assertEqual(response.status_code, 200)
        # Frozen in the language the bureau speaks to the public.
        public = self.env.company._mdd_public_lang()
        self.assertIn(
            "Voorlichtingen" if public.startswith("nl") else "Education sessions", response.text
        )
        self.assertIn("<td>77</td>", response.text)
        self.assertIn('data-year="2010"', response.text)

    def test_trainers_and_planners_see_no_figures(self):
        for user in (self.trainer, self.planner):
            with self.assertRaises(AccessError):
                self.env["mdd.wga.line"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["mdd.wga.figures"].with_user(user)._csv(self.gieten, YEAR)
            self.authenticate(user.login, user.login)
            self.assertEqual(self.url_open("/my/cijfers").status_code, 403)
            self.assertEqual(self.url_open(f"/my/cijfers/GM9911/{YEAR}/csv").status_code, 403)
