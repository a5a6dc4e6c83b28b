# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The municipal PDF, rendered for real with wkhtmltopdf."""

import io
import re

from PyPDF2 import PdfReader

from odoo.tests import tagged

from .common_figures import YEAR, FiguresHttpCase


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
