# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The municipal PDF, rendered for real with wkhtmltopdf."""

import base64
import io
import re

from lxml import html
from PyPDF2 import PdfReader

from odoo.tests import tagged

from .common_figures import YEAR, FiguresHttpCase
from .common_portal import PNG


@tagged("post_install", "-at_install")
class TestFiguresPdf(FiguresHttpCase):
    def render_text(self, municipalities, user=None):
        Figures = self.env["mdd.wga.figures"].with_user(user or self.coordinator)
        pdf, report_type = Figures.with_context(force_report_rendering=True)._pdf(
            municipalities, YEAR
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        reader = PdfReader(io.BytesIO(pdf))
        return reader, "\n".join(page.extract_text() for page in reader.pages)

    def test_pdf_shows_municipality_numbers_and_rule(self):
        __, text = self.render_text(self.cederveen)
        flat = re.sub(r"\s+", " ", text)
        self.assertIn("Discriminatiemeldingen Cederveen 2010", flat)
        self.assertIn("GM9903", flat)
        # The three columns and the total: 5, 5, 0, 10.
        self.assertRegex(flat, r"\b5 5 0 10\b")
        # Domain bar and the trend of five years.
        self.assertIn(self.openbare_ruimte.name, flat)
        for year in range(YEAR - 4, YEAR + 1):
            self.assertIn(str(year), flat)
        # The suppression rule is written in the PDF.
        self.assertIn("<5", flat)
        self.assertIn("cannot be worked out", flat)

    def test_pdf_suppresses_small_numbers(self):
        reader, text = self.render_text(self.aadorp | self.dorpsveen)
        # One document per municipality (Aadorp takes two pages).
        self.assertGreaterEqual(len(reader.pages), 2)
        flat = re.sub(r"\s+", " ", text)
        self.assertIn("Discriminatiemeldingen Aadorp 2010", flat)
        self.assertIn("Discriminatiemeldingen Dorpsveen 2010", flat)
        # Aadorp: 6, <5, <5 and a hidden total.
        self.assertRegex(flat, r"\b6 <5 <5 x\b")
        self.assertNotRegex(flat, r"\b6 3 3 12\b")

    def test_suppressed_values_get_no_bar(self):
        Figures = self.env["mdd.wga.figures"].with_user(self.coordinator)
        bars = Figures._bars([("a", "<5"), ("b", "x"), ("c", "7"), ("d", "5"), ("e", "0")])
        by_label = {bar["label"]: bar for bar in bars}
        # No bar for a suppressed value, whatever the other values are.
        self.assertEqual((by_label["a"]["width"], by_label["a"]["kind"]), (0.0, "small"))
        self.assertEqual((by_label["b"]["width"], by_label["b"]["kind"]), (0.0, "hidden"))
        # The scale comes from the shown numbers: the largest one is the longest bar.
        self.assertEqual(max(bars, key=lambda bar: bar["width"])["label"], "c")
        self.assertEqual(by_label["c"]["width"], 100.0)
        self.assertEqual(by_label["d"]["width"], round(5 * 100.0 / 7, 1))
        self.assertEqual(by_label["e"]["width"], 0.0)
        # Only suppressed values: no bar at all (not a row of full-length bars).
        self.assertEqual(
            [bar["width"] for bar in Figures._bars([("a", "<5"), ("b", "<5"), ("c", "x")])],
            [0.0, 0.0, 0.0],
        )

    def test_pdf_marks_suppressed_bars_with_a_legend(self):
        __, text = self.render_text(self.aadorp)
        flat = re.sub(r"\s+", " ", text)
        self.assertIn("suppressed *", flat)
        self.assertIn("Suppressed values get no bar", flat)

    def test_pdf_has_the_bureau_letterhead(self):
        self.env.company.write(
            {
                "name": "Testmeldpunt Letterhead",
                "street": "Briefpapierstraat 3",
                "zip": "9999 ZZ",
                "city": "Ergens",
                "phone": "0500 123 456",
                "email": False,
                "website": False,
                "logo": base64.b64encode(PNG),
            }
        )
        content, __ = (
            self.env["ir.actions.report"]
            .with_user(self.coordinator)
            ._render_qweb_html(
                "mdd_meldpunt.report_wga_municipality",
                (self.aadorp | self.dorpsveen).ids,
                data={"year": YEAR},
            )
        )
        letterheads = html.fromstring(content).xpath("//table[hasclass('o_mdd_letterhead')]")
        # One letterhead on the first page of every municipality.
        self.assertEqual(len(letterheads), 2)
        letterhead = letterheads[0]
        logo = letterhead.xpath(".//img[hasclass('o_mdd_letterhead_logo')]")[0]
        self.assertEqual(logo.get("src"), "data:image/png;base64," + base64.b64encode(PNG).decode())
        text = " ".join(letterhead.text_content().split())
        for detail in (
            "Testmeldpunt Letterhead",
            "Briefpapierstraat 3, 9999 ZZ Ergens",
            "0500 123 456",
        ):
            self.assertIn(detail, text)
        self.assertNotIn("|", text)  # no separator for the missing email and website
        # And wkhtmltopdf prints it.
        __, pdf_text = self.render_text(self.aadorp)
        self.assertIn("Briefpapierstraat 3", re.sub(r"\s+", " ", pdf_text))

    def test_letterhead_without_logo_names_the_bureau(self):
        self.env.company.write({"name": "Testmeldpunt Zonder Logo", "logo": False})
        content, __ = (
            self.env["ir.actions.report"]
            .with_user(self.coordinator)
            ._render_qweb_html(
                "mdd_meldpunt.report_wga_municipality", self.aadorp.ids, data={"year": YEAR}
            )
        )
        letterhead = html.fromstring(content).xpath("//table[hasclass('o_mdd_letterhead')]")[0]
        self.assertFalse(letterhead.xpath(".//img"))
        self.assertIn("Testmeldpunt Zonder Logo", letterhead.text_content())
