# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/cijfers with publications: an official sees and downloads the frozen
versions of their own municipality only; visits and downloads are logged."""

import html
import re

from odoo.tests import HttpCase, tagged

from .common_publication import YEAR, PublicationMixin, build_publication_data

TD = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


class PublicationHttpCase(PublicationMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_publication_data(cls)

    def row_cells(self, page, year=YEAR):
        row = page.split(f'data-year="{year}"', 1)[1].split("</tr>", 1)[0]
        return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in TD.findall(row)]


@tagged("post_install", "-at_install")
class TestPublicationPortal(PublicationHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        publications = cls.publish()
        cls.assen_v1 = publications.filtered(lambda p: p.municipality_id == cls.assen)
        cls.meppel_v1 = publications.filtered(lambda p: p.municipality_id == cls.meppel)
        cls.draft = cls.env["mdd.wga.publication"].create(
            {"municipality_id": cls.assen.id, "year": YEAR - 1}
        )

    def test_page_shows_published_versions_not_live_numbers(self):
        # A late report: the portal keeps showing the published figures.
        self._publication_report(self.assen, ground=self.herkomst, domain=self.horeca, name="laat")
        self.authenticate("pub_official", "pub_official")
        response = self.url_open("/my/cijfers")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.row_cells(response.text)[1:5], ["6", "0", "0", "6"])
        # A new version: now 7, and the old one is marked as replaced.
        self.assen_v1.with_user(self.coordinator)._replace("Melding te laat geregistreerd")
        response = self.url_open(f"/my/cijfers?year={YEAR}")
        page = response.text
        self.assertEqual(self.row_cells(page)[1:5], ["7", "0", "0", "7"])
        versions = re.findall(r'data-publication="(\d+)" data-state="(\w+)"', page)
        new = self.assen_v1.replaced_by_id
        self.assertEqual(
            versions, [(str(new.id), "published"), (str(self.assen_v1.id), "withdrawn")]
        )
        self.assertIn("Melding te laat geregistreerd", page)
        for text in (
            "Meppel",
            "GM0119",
            f"/versie/{self.draft.id}/",
            f"/versie/{self.meppel_v1.id}/",
        ):
            self.assertNotIn(text, page)
        # The visit is logged on the deliveries of the official.
        self.assertTrue(self.assen_v1.delivery_ids.opened_on)

    def test_download_is_frozen_and_logged(self):
        self.authenticate("pub_official", "pub_official")
        delivery = self.assen_v1.delivery_ids
        self.assertEqual(delivery.download_count, 0)
        response = self.url_open(f"/my/cijfers/versie/{self.assen_v1.id}/csv")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/csv"))
        self.assertEqual(response.content, self.assen_v1.csv_attachment_id.raw)
        self.assertIn("wga_GM0106_2025_v1.csv", response.headers["Content-Disposition"])
        self.assertIn("no-store", response.headers["Cache-Control"])
        delivery.invalidate_recordset()
        self.assertEqual(delivery.download_count, 1)
        self.assertTrue(delivery.downloaded_on)
        for kind in ("xlsx", "pdf"):
            response = self.url_open(f"/my/cijfers/versie/{self.assen_v1.id}/{kind}")
            self.assertEqual(response.status_code, 200, kind)
            self.assertEqual(response.content, self.assen_v1[f"{kind}_attachment_id"].raw)
        # The current version of a year, by code and year (links of before).
        response = self.url_open(f"/my/cijfers/GM0106/{YEAR}/csv")
        self.assertEqual(response.content, self.assen_v1.csv_attachment_id.raw)
        delivery.invalidate_recordset()
        self.assertEqual(delivery.download_count, 4)

    def test_other_municipality_draft_or_forged_id_is_not_found(self):
        self.authenticate("pub_official", "pub_official")
        for url in (
            f"/my/cijfers/versie/{self.meppel_v1.id}/csv",
            f"/my/cijfers/versie/{self.draft.id}/csv",
            f"/my/cijfers/versie/{self.assen_v1.id}/docx",
            "/my/cijfers/versie/999999999/csv",
            f"/my/cijfers/GM0119/{YEAR}/csv",
            f"/my/cijfers/GM0106/{YEAR - 1}/csv",
            f"/my/cijfers/GM0106/{YEAR - 1}/pdf",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(b"GM0119,Meppel", response.content)
        self.assertFalse(self.meppel_v1.delivery_ids.downloaded_on)
        for login in ("pub_portal", "pub_internal", "pub_handler"):
            self.authenticate(login, login)
            response = self.url_open(f"/my/cijfers/versie/{self.assen_v1.id}/csv")
            self.assertEqual(response.status_code, 403, login)
        self.authenticate(None, None)
        response = self.url_open(f"/my/cijfers/versie/{self.assen_v1.id}/csv")
        self.assertIn("/web/login", response.url)


@tagged("post_install", "-at_install")
class TestPublicationPortalEmpty(PublicationHttpCase):
    def test_nothing_published_yet(self):
        """Before the first publication: a message, no live numbers."""
        self.authenticate("pub_official", "pub_official")
        for url in ("/my/cijfers", f"/my/cijfers?year={YEAR}", "/my/cijfers?year=abc"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn("o_mdd_no_publication", response.text)
            self.assertNotIn("o_mdd_figures_row", response.text)
        response = self.url_open(f"/my/cijfers/GM0106/{YEAR}/csv")
        self.assertEqual(response.status_code, 404)


@tagged("post_install", "-at_install", "mdd_tour")
class TestPublicationTours(PublicationHttpCase):
    def test_coordinator_previews_and_publishes(self):
        self.start_tour(
            "/odoo/action-mdd_meldpunt.action_mdd_wga_publication_wizard",
            "mdd_publication_coordinator_tour",
            login="pub_coordinator",
        )
        assen = self.published().filtered(lambda p: p.municipality_id == self.assen)
        self.assertEqual(assen.version, 1)
        self.assertEqual(assen.published_by_id, self.coordinator)
        self.assertIn(b"GM0106,Assen,2025,6,0,0,6", assen.csv_attachment_id.raw)

    def test_official_downloads(self):
        self.publish()
        assen = self.published().filtered(lambda p: p.municipality_id == self.assen)
        assen.with_user(self.coordinator)._replace("Correctie")
        new = assen.replaced_by_id
        self.start_tour("/my/cijfers", "mdd_publication_official_tour", login="pub_official")
        self.assertEqual(new.delivery_ids.download_count, 1)
        self.assertTrue(new.delivery_ids.opened_on)
        self.assertFalse(assen.delivery_ids.downloaded_on)
