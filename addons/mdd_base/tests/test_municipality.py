# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestMunicipality(TransactionCase):
    def test_the_country_is_shipped_with_cbs_codes(self):
        assen = self.env.ref("mdd_base.municipality_gm0106")
        self.assertEqual((assen.name, assen.cbs_code), ("Assen", "GM0106"))
        shipped = self.env["ir.model.data"].search(
            [("module", "=", "mdd_base"), ("model", "=", "mdd.municipality")]
        )
        self.assertEqual(len(shipped), 342)
        Municipality = self.env["mdd.municipality"]
        for code, count in (("dr", 12), ("fl", 6), ("ze", 13), ("ut", 26), ("fr", 18)):
            province = self.env.ref(f"base.state_nl_{code}")
            self.assertEqual(
                Municipality.search_count([("province_id", "=", province.id)]), count, code
            )

    def _create(self, code, name="Testgemeente"):
        return self.env["mdd.municipality"].create({"name": name, "cbs_code": code})

    def test_valid_code(self):
        municipality = self._create("GM9753", "Testdorp")
        self.assertEqual(municipality.cbs_code, "GM9753")
        self.assertEqual(municipality.display_name, "Testdorp")

    def test_normalised(self):
        self.assertEqual(self._create(" gm9763 ").cbs_code, "GM9763")
        municipality = self._create("GM9799")
        municipality.cbs_code = "gm9700 "
        self.assertEqual(municipality.cbs_code, "GM9700")

    def test_invalid_formats(self):
        for code in ("GM014", "GM01400", "0106", "XX0106", "GM01A6", "GM 0106", "PV22"):
            with self.subTest(code=code), self.assertRaises(ValidationError) as caught:
                self._create(code)
            self.assertIn("GM", str(caught.exception))

    def test_invalid_on_write(self):
        with self.assertRaises(ValidationError):
            self.env.ref("mdd_base.municipality_gm0106").cbs_code = "GM12"

    def test_unique_also_after_normalisation(self):
        for code in ("GM0106", "gm0106"):
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
                self.cr.savepoint(),
            ):
                self._create(code, "Assen bis")

    def test_forms_offer_the_region_or_everything(self):
        Municipality = self.env["mdd.municipality"]
        region = Municipality.search([("in_service_area", "=", True)])
        region.in_service_area = False
        self.assertEqual(len(Municipality._public_choices()), Municipality.search_count([]))
        assen = self.env.ref("mdd_base.municipality_gm0106")
        assen.in_service_area = True
        self.assertEqual(Municipality._public_choices(), assen)
        assen.active = False
        self.assertEqual(len(Municipality._public_choices()), Municipality.search_count([]))

    def test_everyone_reads_only_system_edits(self):
        assen = self.env.ref("mdd_base.municipality_gm0106")
        user = new_test_user(self.env, login="base_user", groups="base.group_user")
        portal = new_test_user(self.env, login="base_portal", groups="base.group_portal")
        for reader in (user, portal, self.env.ref("base.public_user")):
            self.assertEqual(assen.with_user(reader).name, "Assen")
            with self.assertRaises(AccessError):
                assen.with_user(reader).write({"name": "Anders"})
        admin = new_test_user(self.env, login="base_admin", groups="base.group_system")
        assen.with_user(admin).write({"name": "Assen (gemeente)"})
        self.assertEqual(assen.name, "Assen (gemeente)")
