# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestMunicipality(TransactionCase):
    def test_drenthe_is_shipped_with_cbs_codes(self):
        assen = self.env.ref("mdd_base.municipality_gm0106")
        self.assertEqual((assen.name, assen.cbs_code), ("Assen", "GM0106"))
        drenthe = self.env["mdd.municipality"].search(
            [("province_id", "=", self.env.ref("base.state_nl_dr").id)]
        )
        self.assertEqual(len(drenthe), 12)

    def test_cbs_code_is_normalised_and_checked(self):
        Municipality = self.env["mdd.municipality"]
        created = Municipality.create({"name": "Testgemeente", "cbs_code": " gm9901 "})
        self.assertEqual(created.cbs_code, "GM9901")
        for wrong in ("0014", "GM14", "GM00145", "XX0014"):
            with self.subTest(code=wrong), self.assertRaises(ValidationError):
                Municipality.create({"name": "Fout", "cbs_code": wrong})

    def test_cbs_code_is_unique(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["mdd.municipality"].create({"name": "Assen 2", "cbs_code": "GM0106"})

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
