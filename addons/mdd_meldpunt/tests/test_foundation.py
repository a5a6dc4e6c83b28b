# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged


class TestMeldpuntFoundation(TransactionCase):
    def test_bureau_stages_only_for_bureaus(self):
        Team = self.env["helpdesk.ticket.team"]
        other = Team.create({"name": "Klantenservice"})
        self.assertFalse(other._get_applicable_stages().filtered("is_mdd_stage"))
        bureau = Team.create({"name": "Meldpunt Discriminatie Noord", "is_mdd_bureau": True})
        stages = bureau._get_applicable_stages()
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
        self.assertEqual(stages.filtered("closed"), self.env.ref("mdd_meldpunt.stage_closed"))
        # A team that becomes a bureau gets them too; the others still do not.
        other.is_mdd_bureau = True
        self.assertEqual(other._get_applicable_stages(), stages)
        self.assertFalse(Team.create({"name": "Verkoop"})._get_applicable_stages() & stages)

    def test_the_first_bureau_takes_what_no_municipality_routes(self):
        Team = self.env["helpdesk.ticket.team"]
        second = Team.create({"name": "Bureau B", "is_mdd_bureau": True, "sequence": -1})
        first = Team.create({"name": "Bureau A", "is_mdd_bureau": True, "sequence": -2})
        self.assertEqual(Team._mdd_default_bureau(), first)
        Ticket = self.env["helpdesk.ticket"]
        Municipality = self.env["mdd.municipality"]
        self.assertEqual(Ticket._mdd_route_team(Municipality, Municipality), first)
        self.assertNotEqual(first, second)

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
