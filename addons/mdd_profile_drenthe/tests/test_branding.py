# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bureau's branding: company profile, website, footer and privacy page."""

from lxml import html

from odoo.tests import HttpCase, TransactionCase, tagged

from ..hooks import BUREAU, PALETTE, PALETTE_SCSS

PLACEHOLDERS = (
    "555-555",
    "YourCompany",
    "YourLogo",
    "voorbeeld.com",
    "yourcompany.example.com",
    "Company name",
    "Bedrijfsnaam",
    "o_brand_promotion",
    "gratis website",
)
FOOTER_LINKS = ("/melden", "/melden/status", "/voorlichting", "/privacy")


@tagged("post_install", "-at_install")
class TestBrandingData(TransactionCase):
    def test_company_and_website(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, BUREAU)
        self.assertEqual(company.country_id, self.env.ref("base.nl"))
        self.assertFalse(company.uses_default_logo)
        self.assertEqual(company.primary_color, PALETTE["o-color-1"])
        website = self.env["website"].get_current_website()
        self.assertEqual(website.name, BUREAU)
        self.assertNotEqual(website.logo, self.env["website"]._default_logo())
        # The colours are a customisation of the website's palette, as the
        # website editor makes it (Theme > Colours).
        assets = self.env["web_editor.assets"].with_context(website_id=website.id)
        content = assets._get_content_from_url(
            assets._make_custom_asset_url(PALETTE_SCSS, "web.assets_frontend")
        ).decode()
        self.assertIn(f"'o-color-1': {PALETTE['o-color-1']}", content)


@tagged("post_install", "-at_install")
class TestBrandingWebsite(HttpCase):
    def setUp(self):
        super().setUp()
        self.opener.headers["Accept-Language"] = "nl-NL,nl;q=0.9"
        self.company = self.env["website"].get_current_website().company_id
        self.company.write(
            {
                "street": "Teststraat 1",
                "zip": "9400 AA",
                "city": "Assen",
                "phone": "0592 000 111",
                "email": "bureau@meldpunt.test",
                "website": False,
            }
        )

    def _page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def _footer(self, text):
        footers = html.fromstring(text).xpath("//div[@id='footer']")
        self.assertEqual(len(footers), 1)
        return footers[0]

    def test_home_and_footer_in_dutch(self):
        text = self._page("/")
        for placeholder in PLACEHOLDERS:
            self.assertNotIn(placeholder, text)
        footer = self._footer(text)
        self.assertEqual(
            [link.get("href") for link in footer.xpath(".//div[@id='mdd_footer_links']//a")],
            list(FOOTER_LINKS),
        )
        footer_text = " ".join(footer.text_content().split())
        for dutch in ("Discriminatie melden", "Je melding volgen", "Privacyverklaring", BUREAU):
            self.assertIn(dutch, footer_text)
        self.assertNotIn("Report discrimination", footer_text)
        # The bureau's contact details come from the company.
        for detail in ("Teststraat 1", "9400 AA", "0592 000 111", "bureau@meldpunt.test"):
            self.assertIn(detail, footer_text)
        self.assertTrue(footer.xpath(".//a[@href='mailto:bureau@meldpunt.test']"))
        # The header: the bureau's phone number and a button to the report form.
        header = html.fromstring(text).xpath("//header")[0]
        self.assertTrue(header.xpath(".//a[@href='tel:0592 000 111']"))
        buttons = header.xpath(".//a[hasclass('btn_cta')]")
        self.assertTrue(buttons)
        for button in buttons:
            self.assertEqual(button.get("href"), "/melden")
            self.assertEqual(button.text_content().strip(), "Discriminatie melden")
        self.assertIn(
            BUREAU,
            html.fromstring(text).xpath("//div[hasclass('o_footer_copyright')]")[0].text_content(),
        )

    def test_homepage_leads_to_the_three_services(self):
        page = html.fromstring(self._page("/"))
        wrap = page.xpath("//div[@id='wrap']")[0]
        banner = wrap.xpath(".//section[@id='mdd_home_banner']")[0]
        self.assertEqual(
            [(a.get("href"), a.text_content().strip()) for a in banner.xpath(".//a")],
            [("/melden", "Discriminatie melden"), ("/melden/status", "Je melding volgen")],
        )
        self.assertIn("Discriminatie meegemaakt of gezien?", banner.text_content())
        services = wrap.xpath(".//section[@id='mdd_home_services']//a/@href")
        self.assertEqual(services, ["/melden", "/melden/status", "/voorlichting"])
        about = " ".join(wrap.xpath(".//section[@id='mdd_home_about']")[0].text_content().split())
        self.assertIn("Meldpunt Discriminatie Emmen", about)
        self.assertNotIn("Every municipality", about)

    def test_footer_hides_empty_contact_details(self):
        self.company.write({"phone": False, "email": False})
        footer = self._footer(self._page("/"))
        self.assertFalse(footer.xpath(".//a[starts-with(@href, 'tel:')]"))
        self.assertFalse(footer.xpath(".//a[starts-with(@href, 'mailto:')]"))
        self.assertIn("Teststraat 1", footer.text_content())
        # Without any contact detail, no empty contact column.
        self.company.write({"street": False, "zip": False, "city": False})
        contact = self._footer(self._page("/")).xpath(".//div[@id='mdd_footer_contact']")
        self.assertFalse(contact, contact and html.tostring(contact[0]))

    def test_privacy_page_for_a_public_visitor(self):
        text = self._page("/privacy")
        page = " ".join(html.fromstring(text).xpath("//main")[0].text_content().split())
        self.assertIn("Privacyverklaring", page)
        self.assertIn("IP-adres", page)
        self.assertIn("ontvangstcode", page)
        self.assertNotIn("We store what you tell us", page)
        # The retention period is the one the removal of personal data uses.
        params = self.env["ir.config_parameter"].sudo()
        years = self.env["mdd.retention"]._mdd_retention_years()
        self.assertIn(f"{years} jaar", page)
        params.set_param("mdd_meldpunt.retention_years", 7)
        page = html.fromstring(self._page("/privacy")).xpath("//p[@id='mdd_privacy_retention']")
        self.assertIn("7 jaar", page[0].text_content())

    def test_report_form_links_the_privacy_statement(self):
        form = html.fromstring(self._page("/melden"))
        links = form.xpath("//div[@id='consent_register_help']//a[@href='/privacy']")
        self.assertEqual(len(links), 1)
        self.assertIn("privacyverklaring", links[0].text_content())
