# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/cijfers: a municipal official sees the published figures of their own
municipality, nothing else (see also test_figures_publication_portal.py)."""

import html
import io
import re

from PyPDF2 import PdfReader

from odoo.tests import tagged

from .common_figures import YEAR, FiguresHttpCase

TD = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


@tagged("post_install", "-at_install")
class TestFiguresPortal(FiguresHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        wizard = (
            cls.env["mdd.wga.publication.wizard"]
            .with_user(cls.coordinator)
            .create({"year": YEAR, "team_ids": [(6, 0, cls.bureau.ids)]})
        )
        wizard.action_publish()
        cls.publication = cls.env["mdd.wga.publication"].search(
            [("municipality_id", "=", cls.aadorp.id), ("year", "=", YEAR)]
        )

    def test_official_sees_own_municipality_figures(self):
        self.authenticate("fig_official", "fig_official")
        response = self.url_open(f"/my/cijfers?year={YEAR}")
        self.assertEqual(response.status_code, 200)
        page = html.unescape(response.text)
        self.assertIn("Aadorp", page)
        self.assertIn(f'data-year="{YEAR}"', page)
        for kind in ("csv", "xlsx", "pdf"):
            self.assertIn(f'/my/cijfers/versie/{self.publication.id}/{kind}"', page)
        # Published figures: 6, <5, <5, x.
        row = response.text.split(f'data-year="{YEAR}"', 1)[1].split("</tr>", 1)[0]
        cells = [html.unescape(cell).strip() for cell in TD.findall(row)]
        self.assertEqual(cells[1:5], ["6", "<5", "<5", "x"])
        # Nothing of other municipalities.
        for name in ("Beekdal", "Cederveen", "Dorpsveen", "Fenweg", "GM9902"):
            self.assertNotIn(name, page)

    def test_csv_download(self):
        self.authenticate("fig_official", "fig_official")
        response = self.url_open(f"/my/cijfers/GM9901/{YEAR}/csv")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/csv"))
        self.assertEqual(
            response.content,
            b"cbs_code,gemeente,jaar,inwoners_in_gemeente,inwoners_elders,"
            b"niet_inwoners_in_gemeente,totaal\n"
            b"GM9901,Aadorp,2010,6,<5,<5,x\n",
        )

    def test_pdf_download(self):
        self.authenticate("fig_official", "fig_official")
        response = self.url_open(f"/my/cijfers/GM9901/{YEAR}/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Discriminatiemeldingen%20Aadorp%202010%20%28versie%201%29.",
            response.headers["Content-Disposition"],
        )
        # In test mode Odoo renders reports as HTML instead of calling
        # wkhtmltopdf: the frozen file is then HTML.
        body = response.content
        self.assertEqual(body, self.publication.pdf_attachment_id.raw)
        if body.startswith(b"%PDF"):
            self.assertEqual(response.headers["Content-Type"], "application/pdf")
            text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        else:
            text = html.unescape(body.decode())
        self.assertIn("Discriminatiemeldingen Aadorp 2010", text)
        self.assertNotIn("Beekdal 2010", text)

    def test_forged_municipality_or_year_is_not_found(self):
        self.authenticate("fig_official", "fig_official")
        for url in (
            f"/my/cijfers/GM9902/{YEAR}/csv",
            f"/my/cijfers/GM9902/{YEAR}/pdf",
            f"/my/cijfers/gm9901/{YEAR}/csv",
            "/my/cijfers/GM9901/1990/csv",
            "/my/cijfers/GM9901/2999/pdf",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
        # A municipality in the query string is ignored: still Aadorp only.
        response = self.url_open(f"/my/cijfers?municipality_id={self.beekdal.id}&year={YEAR}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Beekdal", response.text)

    def test_other_users_get_no_figures(self):
        for login in ("fig_portal", "fig_internal", "fig_handler"):
            self.authenticate(login, login)
            for url in (
                "/my/cijfers",
                f"/my/cijfers/GM9901/{YEAR}/csv",
                f"/my/cijfers/GM9901/{YEAR}/pdf",
            ):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 403, f"{login} {url}")
        self.authenticate(None, None)
        response = self.url_open("/my/cijfers")
        self.assertIn("/web/login", response.url)

    def test_portal_home_entry(self):
        self.authenticate("fig_official", "fig_official")
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn('/my/cijfers"', response.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["mdd_figures_count"]})
        self.assertEqual(counters, {"mdd_figures_count": 1})
        self.authenticate("fig_portal", "fig_portal")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["mdd_figures_count"]})
        self.assertEqual(counters, {"mdd_figures_count": 0})
