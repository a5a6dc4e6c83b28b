# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

DRENTHE = {
    "Aa en Hunze": "GM1680",
    "Assen": "GM0106",
    "Borger-Odoorn": "GM1681",
    "Coevorden": "GM0109",
    "De Wolden": "GM1690",
    "Emmen": "GM0114",
    "Hoogeveen": "GM0118",
    "Meppel": "GM0119",
    "Midden-Drenthe": "GM1731",
    "Noordenveld": "GM1699",
    "Tynaarlo": "GM1730",
    "Westerveld": "GM1701",
}


class TestMeldpuntFoundation(TransactionCase):
    def test_installed_with_bureaus_and_municipalities(self):
        mdd = self.env.ref("mdd_meldpunt.team_mdd")
        emmen = self.env.ref("mdd_meldpunt.team_emmen")
        self.assertTrue(mdd.is_mdd_bureau and emmen.is_mdd_bureau)
        municipalities = self.env["mdd.municipality"].search(
            [("cbs_code", "in", list(DRENTHE.values()))]
        )
        self.assertEqual({m.name: m.cbs_code for m in municipalities}, DRENTHE)
        for municipality in municipalities:
            expected = emmen if municipality.name == "Emmen" else mdd
            self.assertEqual(municipality.team_id, expected, municipality.name)

    def test_bureau_stages(self):
        stages = self.env.ref("mdd_meldpunt.team_mdd")._get_applicable_stages()
        self.assertEqual(
            stages.mapped("name"),
            ["New", "Intake", "In progress", "Waiting for reply", "Closed"],
        )
        self.assertEqual(stages.filtered("closed"), self.env.ref("mdd_meldpunt.stage_closed"))

    def test_dutch_is_active_and_the_website_language(self):
        nl = self.env["res.lang"]._lang_get("nl_NL")
        self.assertTrue(nl.active)
        self.assertEqual(self.env["website"].get_current_website().default_lang_id, nl)

    def test_menu_needs_an_mdd_group(self):
        root = self.env.ref("mdd_meldpunt.menu_mdd_root")
        handler = new_test_user(self.env, login="fnd_handler", groups="mdd_meldpunt.group_mdd_user")
        helpdesk_user = new_test_user(
            self.env, login="fnd_helpdesk", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        Menu = self.env["ir.ui.menu"]
        self.assertIn(root.id, Menu.with_user(handler)._visible_menu_ids())
        self.assertNotIn(root.id, Menu.with_user(helpdesk_user)._visible_menu_ids())


@tagged("post_install", "-at_install")
class TestFoundationHttp(HttpCase):
    def test_login_page(self):
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="login"', response.text)
        self.assertIn('name="password"', response.text)

    def test_website_home(self):
        response = self.url_open("/")
        self.assertEqual(response.status_code, 200)
        # Dutch is the default language: it is served without a language prefix.
        self.assertTrue(
            re.search(r'hreflang="nl" href="[^"]*/"', response.text),
            "Dutch is not the website's default language",
        )
