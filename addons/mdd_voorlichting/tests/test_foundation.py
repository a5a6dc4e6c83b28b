# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user


class TestVoorlichtingFoundation(TransactionCase):
    def test_groups_and_menu(self):
        planner = self.env.ref("mdd_voorlichting.group_planner")
        trainer = self.env.ref("mdd_voorlichting.group_trainer")
        self.assertIn(trainer, planner.implied_ids)
        menu = self.env.ref("mdd_voorlichting.menu_voorlichting_root")
        self.assertIn(trainer, menu.groups_id)

    def test_menu_visible_to_trainer_not_to_plain_user(self):
        root = self.env.ref("mdd_voorlichting.menu_voorlichting_root")
        trainer = new_test_user(
            self.env, login="fnd_trainer", groups="mdd_voorlichting.group_trainer"
        )
        plain = new_test_user(self.env, login="fnd_plain", groups="base.group_user")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(root.id, Menu.with_user(trainer)._visible_menu_ids())
        self.assertNotIn(root.id, Menu.with_user(plain)._visible_menu_ids())
