# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Wga registration form on constructed data: columns, exclusions, CSV."""

import base64
import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common_figures import YEAR, FiguresCase

COLUMNS = ("inwoners_in_gemeente", "inwoners_elders", "niet_inwoners_in_gemeente")


@tagged("post_install", "-at_install")
class TestFiguresWga(FiguresCase):
    def figures(self, municipalities, year=YEAR, **kwargs):
        Figures = self.env["mdd.wga.figures"].with_user(self.coordinator)
        return Figures._figures(municipalities, year, **kwargs)

    def columns(self, municipality, year=YEAR):
        figures = self.figures(municipality, year, breakdowns=())[0]
        return (*tuple(figures["columns"][key] for key in COLUMNS), figures["total"])

    def lines(self, report):
        """{municipality: wga column} of a report in the Wga view."""
        lines = self.env["mdd.wga.line"].search([("report_id", "=", report.id)])
        return {line.municipality_id: line.wga_column for line in lines}

    # ------------------------------------------------------------------
    # Columns, case by case
    # ------------------------------------------------------------------

    def test_resident_in_own_municipality_is_column_1(self):
        self.assertEqual(
            self.lines(self.reports["a_in_a_1"]), {self.aadorp: "inwoners_in_gemeente"}
        )

    def test_resident_about_another_municipality_is_column_2_and_3(self):
        self.assertEqual(
            self.lines(self.reports["a_in_b"]),
            {self.aadorp: "inwoners_elders", self.beekdal: "niet_inwoners_in_gemeente"},
        )

    def test_resident_about_online_incident_is_column_2(self):
        self.assertEqual(self.lines(self.reports["a_online"]), {self.aadorp: "inwoners_elders"})

    def test_not_applicable_wins_over_a_filled_in_municipality(self):
        report = self._figures_report(
            "na_with_municipality", self.aadorp, self.beekdal, location_na=True
        )
        self.assertEqual(self.lines(report), {self.aadorp: "inwoners_elders"})

    def test_non_resident_is_column_3(self):
        self.assertEqual(
            self.lines(self.reports["b_in_a"]),
            {self.aadorp: "niet_inwoners_in_gemeente", self.beekdal: "inwoners_elders"},
        )

    def test_anonymous_with_unknown_residence_is_column_3(self):
        self.assertEqual(
            self.lines(self.reports["anonymous_in_a"]),
            {self.aadorp: "niet_inwoners_in_gemeente"},
        )

    def test_reports_from_outside_drenthe(self):
        # A resident of Verweg (outside Drenthe) about Aadorp: column 3 of Aadorp.
        self.assertEqual(
            self.lines(self.reports["verweg_in_a"]),
            {self.aadorp: "niet_inwoners_in_gemeente", self.verweg: "inwoners_elders"},
        )
        # An Aadorp resident about Verweg: column 2 of Aadorp.
        self.assertEqual(
            self.lines(self.reports["a_in_verweg"]),
            {self.aadorp: "inwoners_elders", self.verweg: "niet_inwoners_in_gemeente"},
        )
        # Entirely outside: in Verweg's figures, in no row of the bureau's form.
        self.assertEqual(
            self.lines(self.reports["verweg_in_verweg"]),
            {self.verweg: "inwoners_in_gemeente"},
        )
        self.assertEqual(self.columns(self.verweg), (1, 1, 1, 3))
        Figures = self.env["mdd.wga.figures"].with_user(self.coordinator)
        outside, unassigned = Figures._count_outside(self.rows, YEAR)
        # verweg_in_verweg, elzen_in_elzen (inactive, not a row) and nowhere.
        self.assertEqual((outside, unassigned), (3, 1))
        self.assertEqual(self.lines(self.reports["nowhere"]), {})

    def test_all_columns_of_the_form(self):
        self.assertEqual(self.columns(self.aadorp), (6, 3, 3, 12))
        self.assertEqual(self.columns(self.beekdal), (5, 1, 1, 7))
        self.assertEqual(self.columns(self.cederveen), (5, 5, 0, 10))
        self.assertEqual(self.columns(self.dorpsveen), (2, 0, 0, 2))
        self.assertEqual(self.columns(self.fenweg), (5, 5, 0, 10))

    def test_mass_report_and_not_counted_are_left_out_and_told(self):
        figures = self.figures(self.aadorp)[0]
        self.assertEqual(figures["excluded"], {"mass_report": 1, "not_counted": 1})
        self.assertEqual(figures["shown"]["excluded"], {"mass_report": "<5", "not_counted": "<5"})
        lines = self.env["mdd.wga.line"].search(
            [("report_id", "in", [self.reports["a_mass"].id, self.reports["a_not_counted"].id])]
        )
        self.assertEqual(sorted(lines.mapped("exclusion_reason")), ["mass_report", "not_counted"])
        self.assertFalse(any(lines.mapped("counted")))
        # Marking the incident a mass report later takes its reports out.
        self.incident.is_mass_report = True
        self.env.flush_all()
        self.assertEqual(self.columns(self.aadorp), (4, 3, 3, 10))
        self.assertEqual(self.figures(self.aadorp)[0]["excluded"]["mass_report"], 3)

    def test_year_of_incident_date_or_dutch_registration_date(self):
        # a_no_date has no incident date and was registered in June: the same year.
        self.assertIn(self.aadorp, self.lines(self.reports["a_no_date"]))
        # Registered 31 December 23:30 UTC = 1 January 2002 in Dutch time.
        line = self.env["mdd.wga.line"].search([("report_id", "=", self.reports["a_new_year"].id)])
        self.assertEqual(line.date, date(YEAR + 1, 1, 1))
        self.assertEqual(self.columns(self.aadorp, YEAR + 1), (1, 0, 0, 1))
        self.assertEqual(self.columns(self.aadorp, YEAR - 1), (1, 0, 0, 1))

    def test_other_tickets_and_archived_reports_never_count(self):
        analysis = self.env["mdd.report.analysis"]
        for key in ("it_ticket", "archived"):
            self.assertFalse(analysis.search([("report_id", "=", self.reports[key].id)]))

    def test_report_with_two_grounds(self):
        report = self.reports["a_two_grounds"]
        # Once in the Wga total ...
        self.assertEqual(len(self.env["mdd.wga.line"].search([("report_id", "=", report.id)])), 1)
        # ... once per ground in the ground analysis, once in its totals.
        GroundAnalysis = self.env["mdd.report.ground.analysis"].with_user(self.coordinator)
        lines = GroundAnalysis.search([("report_id", "=", report.id)])
        self.assertEqual(lines.ground_id, self.herkomst | self.godsdienst)
        domain = [
            ("residence_municipality_id", "=", self.aadorp.id),
            ("date", ">=", date(YEAR, 1, 1)),
            ("date", "<", date(YEAR + 1, 1, 1)),
            ("counted", "=", True),
        ]
        per_ground = dict(
            GroundAnalysis._read_group(domain, ["main_ground_id"], ["report_ref:count_distinct"])
        )
        self.assertEqual(per_ground[self.herkomst], 5)
        self.assertEqual(per_ground[self.godsdienst], 1)
        [[total]] = GroundAnalysis._read_group(domain, [], ["report_ref:count_distinct"])
        self.assertEqual(total, sum(self.columns(self.aadorp)[:2]))
        # In the municipal breakdown too (herkomst: the two sub-grounds of
        # a_in_a_3 count once).
        figures = self.figures(self.aadorp)[0]
        grounds = dict(figures["breakdowns"]["ground"])
        self.assertEqual(len(grounds), 4)
        self.assertEqual(grounds[self.herkomst.name], 5)
        self.assertEqual(grounds[self.godsdienst.name], 1)
        self.assertEqual(grounds[self.leeftijd.name], 1)
        self.assertEqual(grounds["Not registered"], 6)
        self.assertEqual(
            dict(figures["breakdowns"]["domain"]),
            {self.horeca.name: 4, self.wonen.name: 1, "Not registered": 7},
        )
        manifestations = dict(figures["breakdowns"]["manifestation"])
        self.assertEqual(manifestations[self.uitlatingen.name], 3)
        self.assertEqual(manifestations[self.bejegening.name], 1)
        self.assertEqual(manifestations[self.bedreiging.name], 1)

    def test_distinct_incidents(self):
        Analysis = self.env["mdd.report.analysis"].with_user(self.coordinator)
        domain = [
            ("residence_municipality_id", "=", self.aadorp.id),
            ("incident_municipality_id", "=", self.aadorp.id),
            ("counted", "=", True),
            ("date", ">=", date(YEAR, 1, 1)),
            ("date", "<", date(YEAR + 1, 1, 1)),
        ]
        [[reports, incidents]] = Analysis._read_group(
            domain, [], ["__count", "incident_ref:count_distinct"]
        )
        # Six reports, two of them about one incident.
        self.assertEqual((reports, incidents), (6, 5))

    # ------------------------------------------------------------------
    # Published outputs
    # ------------------------------------------------------------------

    def test_csv_byte_for_byte(self):
        Figures = self.env["mdd.wga.figures"].with_user(self.coordinator)
        municipalities = Figures._bureau_municipalities(self.bureau)
        # Inactive Elzen and Verweg (no bureau) have no row.
        self.assertEqual(municipalities, self.rows)
        data = Figures._csv(municipalities, YEAR)
        self.assertEqual(data, self.expected_file("wga_2010.csv"))
        self.assertTrue(
            data.startswith(
                b"cbs_code,gemeente,jaar,inwoners_in_gemeente,inwoners_elders,"
                b"niet_inwoners_in_gemeente,totaal\n"
            )
        )
        self.assertNotIn(b"\r", data)

    def test_csv_from_the_wizard(self):
        wizard = (
            self.env["mdd.wga.figures.wizard"]
            .with_user(self.coordinator)
            .create({"year": YEAR, "team_ids": [(6, 0, self.bureau.ids)]})
        )
        self.assertEqual(wizard.municipality_ids, self.rows)
        action = wizard.action_download_csv()
        self.assertIn("/web/content/mdd.wga.figures.wizard/", action["url"])
        self.assertEqual(wizard.file_name, f"wga_{YEAR}.csv")
        self.assertEqual(base64.b64decode(wizard.file_data), self.expected_file("wga_2010.csv"))
        # The internal preview is exact.
        self.assertIn('<td class="text-end fw-bold">12</td>', wizard.preview_html)
        # Tests render reports as HTML unless forced (see test_figures_pdf).
        wizard.action_print_pdf()
        self.assertEqual(wizard.file_name, f"wga_{YEAR}.html")
        pages = base64.b64decode(wizard.file_data).decode()
        for municipality in self.rows:
            self.assertIn(f"Discriminatiemeldingen {municipality.name} {YEAR}", pages)

    def test_xlsx_has_suppressed_form_and_breakdowns(self):
        Figures = self.env["mdd.wga.figures"].with_user(self.coordinator)
        data = Figures._xlsx(self.rows, YEAR)
        book = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(book.sheetnames[:4], ["Wga", "Grounds", "Domains", "Manifestations"])
        wga = [list(row) for row in book["Wga"].iter_rows(values_only=True)]
        self.assertEqual(
            wga[0][:7],
            [
                "cbs_code",
                "gemeente",
                "jaar",
                "inwoners_in_gemeente",
                "inwoners_elders",
                "niet_inwoners_in_gemeente",
                "totaal",
            ],
        )
        self.assertEqual(wga[1], ["GM9901", "Aadorp", YEAR, 6, "<5", "<5", "x", "<5", "<5"])
        self.assertEqual(wga[3][:7], ["GM9903", "Cederveen", YEAR, 5, 5, 0, 10])
        grounds = [row for row in book["Grounds"].iter_rows(values_only=True) if row[0] == "GM9901"]
        self.assertIn(("GM9901", "Aadorp", YEAR, self.herkomst.name, 5), grounds)
        self.assertIn(("GM9901", "Aadorp", YEAR, self.godsdienst.name, "<5"), grounds)
        domains = [row for row in book["Domains"].iter_rows(values_only=True) if row[0] == "GM9903"]
        self.assertEqual(domains, [("GM9903", "Cederveen", YEAR, self.openbare_ruimte.name, 10)])
        notes = " ".join(row[0] for row in book["Notes"].iter_rows(values_only=True) if row[0])
        self.assertIn("<5", notes)
        self.assertIn("mass-report", notes)

    def test_internal_views_are_not_suppressed(self):
        Line = self.env["mdd.wga.line"].with_user(self.coordinator)
        groups = dict(
            Line._read_group(
                [
                    ("municipality_id", "=", self.aadorp.id),
                    ("counted", "=", True),
                    ("date", ">=", date(YEAR, 1, 1)),
                    ("date", "<", date(YEAR + 1, 1, 1)),
                ],
                ["wga_column"],
                ["__count"],
            )
        )
        self.assertEqual(
            groups,
            {"inwoners_in_gemeente": 6, "inwoners_elders": 3, "niet_inwoners_in_gemeente": 3},
        )
        figures = self.figures(self.aadorp)[0]
        self.assertEqual(figures["columns"]["inwoners_elders"], 3)
        self.assertEqual(figures["shown"]["columns"]["inwoners_elders"], "<5")

    def test_threshold_is_configurable(self):
        self.env["ir.config_parameter"].set_param("mdd_meldpunt.figures_threshold", 3)
        figures = self.figures(self.dorpsveen)[0]
        self.assertEqual(figures["shown"]["columns"]["inwoners_in_gemeente"], "<3")
        # Aadorp: 6, 3, 3 are shown, but its domain "wonen" (1) is hidden, so
        # the total is hidden and so is the smallest Wga count.
        figures = self.figures(self.aadorp)[0]
        self.assertEqual(
            [figures["shown"]["columns"][key] for key in COLUMNS] + [figures["shown"]["total"]],
            ["6", "x", "3", "x"],
        )
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.mdd_figures_threshold, 3)
        self.env["ir.config_parameter"].set_param("mdd_meldpunt.figures_threshold", "nonsense")
        self.assertEqual(self.figures(self.dorpsveen)[0]["threshold"], 5)

    def test_trend_over_five_years(self):
        figures = self.figures(self.aadorp, trend=True)[0]
        self.assertEqual(
            figures["trend"],
            [(YEAR - 4, 0), (YEAR - 3, 0), (YEAR - 2, 0), (YEAR - 1, 1), (YEAR, 12)],
        )
        self.assertEqual(
            figures["shown"]["trend"],
            [(YEAR - 4, "0"), (YEAR - 3, "0"), (YEAR - 2, "0"), (YEAR - 1, "<5"), (YEAR, "x")],
        )

    def test_yearly_figures_take_a_few_group_by_queries(self):
        Figures = self.env["mdd.wga.figures"].with_user(self.coordinator)
        Figures._figures(self.rows, YEAR)
        self.env.invalidate_all()
        # One GROUP BY for the columns, one per breakdown, the labels: not
        # one query per report or municipality.
        with self.assertQueryCount(default=12):
            Figures._figures(self.rows, YEAR, trend=True)
