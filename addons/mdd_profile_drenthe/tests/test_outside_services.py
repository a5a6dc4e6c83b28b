# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""No personal data to outside services.

Odoo installs some of the modules of the deny list by itself; the profile
removes them when it is installed, except in a run with tests (Odoo would
lose the test results): tests/test_outside_services.py (pytest) installs
the profile as production does and checks the modules there. These tests
check the deny list's mechanism and the settings that the profile makes.
"""

from odoo.addons.mdd_base.tools.outside_services import (
    OUTSIDE_SERVICE_MODULES,
    installed_outside_service_modules,
    remove_outside_service_modules,
)
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestOutsideServices(TransactionCase):
    def test_deny_list_names_what_odoo_installs_by_itself(self):
        Module = self.env["ir.module.module"]
        listed = [("name", "in", list(OUTSIDE_SERVICE_MODULES))]
        auto = Module.search([("auto_install", "=", True), *listed])
        self.assertTrue(
            {"iap", "iap_mail", "partner_autocomplete", "sms", "snailmail", "web_unsplash"}
            <= set(auto.mapped("name"))
        )
        # Every entry is a module of this Odoo with a reason.
        known = set(Module.search(listed).mapped("name"))
        self.assertEqual(known, set(OUTSIDE_SERVICE_MODULES))
        self.assertTrue(all(OUTSIDE_SERVICE_MODULES.values()))

    def test_installed_modules_are_found_and_removed(self):
        Module = self.env["ir.module.module"]
        autocomplete = Module.search([("name", "=", "partner_autocomplete")])
        iap = Module.search([("name", "=", "iap")])
        # As in a database where Odoo installed them (this transaction only).
        (autocomplete | iap).state = "installed"
        found = installed_outside_service_modules(self.env).mapped("name")
        self.assertIn("partner_autocomplete", found)
        removed = remove_outside_service_modules(self.env)
        self.assertIn("partner_autocomplete", removed)
        self.assertEqual(autocomplete.state, "to remove")
        self.assertEqual(iap.state, "to remove")
        self.assertFalse(installed_outside_service_modules(self.env))

    def test_settings_that_keep_data_in(self):
        params = self.env["ir.config_parameter"].sudo()
        # google_recaptcha comes with the website: without keys it sends nothing.
        self.assertFalse(params.get_param("recaptcha_public_key"))
        self.assertFalse(params.get_param("recaptcha_private_key"))
        self.assertEqual(params.get_param("mail.link_preview_throttle"), "0")
        self.assertFalse(self.env["mail.link.preview"]._is_link_preview_enabled())
        self.assertFalse(self.env.ref("mail.ir_cron_module_update_notification").active)
        for website in self.env["website"].search([]):
            self.assertFalse(
                website.google_analytics_key
                or website.plausible_shared_key
                or website.google_maps_api_key,
                website.name,
            )
