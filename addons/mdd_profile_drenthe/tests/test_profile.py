# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""MDD's choices, as the profile sets them up."""

import re

from odoo.tests import HttpCase, TransactionCase, tagged

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


@tagged("post_install", "-at_install")
class TestProfile(TransactionCase):
    def test_two_bureaus_and_their_region(self):
        mdd = self.env.ref("mdd_profile_drenthe.team_mdd")
        emmen = self.env.ref("mdd_profile_drenthe.team_emmen")
        self.assertTrue(mdd.is_mdd_bureau and emmen.is_mdd_bureau)
        self.assertEqual((mdd.alias_name, emmen.alias_name), ("meldpunt", "meldpunt-emmen"))
        self.assertEqual(self.env["helpdesk.ticket.team"]._mdd_default_bureau(), mdd)
        region = self.env["mdd.municipality"].search([("in_service_area", "=", True)])
        self.assertEqual({m.name: m.cbs_code for m in region}, DRENTHE)
        for municipality in region:
            expected = emmen if municipality.name == "Emmen" else mdd
            self.assertEqual(municipality.team_id, expected, municipality.name)
        # The forms offer the region, not the whole country.
        self.assertEqual(self.env["mdd.municipality"]._public_choices(), region)

    def test_bureau_stages(self):
        stages = self.env.ref("mdd_profile_drenthe.team_mdd")._get_applicable_stages()
        self.assertEqual(
            stages.mapped("name"),
            [
                "New",
                "Waiting for the complainant",
                "Intake",
                "In progress",
                "Waiting for reply",
                "Closed",
            ],
        )

    def test_dutch_retention_and_name(self):
        nl = self.env["res.lang"]._lang_get("nl_NL")
        self.assertTrue(nl.active)
        self.assertEqual(self.env["website"].get_current_website().default_lang_id, nl)
        self.assertEqual(self.env.ref("base.user_admin").lang, "nl_NL")
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("mdd_meldpunt.retention_years"), "5")
        self.assertFalse(params.get_param("mdd_profile_drenthe.adopted"))
        self.assertEqual(self.env.ref("base.main_company").name, "Meldpunt Discriminatie Drenthe")


@tagged("post_install", "-at_install")
class TestProfileHttp(HttpCase):
    def test_website_home_is_dutch(self):
        response = self.url_open("/")
        self.assertEqual(response.status_code, 200)
        # Dutch is the default language: it is served without a language prefix.
        self.assertTrue(
            re.search(r'hreflang="nl" href="[^"]*/"', response.text),
            "Dutch is not the website's default language",
        )

    def test_report_form_names_the_region(self):
        self.opener.headers["Accept-Language"] = "en-US"
        response = self.url_open("/en/melden")
        self.assertEqual(response.status_code, 200)
        self.assertIn("discrimination in Drenthe?", response.text)


@tagged("post_install", "-at_install")
class TestDemoTour(HttpCase):
    def test_demo_user_logs_in_and_opens_both_apps(self):
        # The demo coordinator (from the demo data) is both MDD coordinator and
        # planner; the tour logs in through the real login form.
        coordinator = self.env.ref("mdd_profile_drenthe.user_coordinator")
        self.assertTrue(coordinator.has_group("mdd_voorlichting.group_planner"))
        self.start_tour("/web/login", "mdd_foundation_login_menus")
