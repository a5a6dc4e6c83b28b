# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every screen of the Meldpunt menu opens, for handlers and coordinators.

For each window action reachable from the menu, as the user: its views load,
its records are read with the fields the views show, the kanban columns and
the pivot and graph groupings are computed, and a new record's form opens.
"""

from lxml import etree

from odoo import fields
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import MddCase


@tagged("post_install", "-at_install")
class TestMeldpuntScreens(MddCase):
    def _eval_context(self, user):
        eval_context = self.env["ir.actions.actions"].with_user(user)._get_eval_context()
        eval_context.update(
            {
                "context": {},
                "active_id": False,
                "active_ids": [],
                "allowed_company_ids": user.company_ids.ids,
                "current_company_id": user.company_id.id,
                "context_today": lambda: fields.Date.context_today(user),
            }
        )
        return eval_context

    def _menu_actions(self, user):
        Menu = self.env["ir.ui.menu"]
        visible = Menu.with_user(user)._visible_menu_ids()
        root = self.env.ref("mdd_meldpunt.menu_mdd_root")
        menus = Menu.search([("id", "child_of", root.id), ("action", "!=", False)])
        return [(menu, menu.action) for menu in menus if menu.id in visible]

    @staticmethod
    def _root_fields(arch):
        """Names of the fields of the view's own model (not of sub-views)."""
        root = etree.fromstring(arch)
        return {
            node.get("name")
            for node in root.iter("field")
            if not any(parent.tag == "field" for parent in node.iterancestors())
        }

    def _check_action(self, user, action):
        eval_context = self._eval_context(user)
        context = safe_eval(action.context or "{}", eval_context)
        domain = safe_eval(action.domain or "[]", eval_context)
        Model = self.env[action.res_model].with_user(user).with_context(**context)
        modes = action.view_mode.split(",")
        bound = {view.view_mode: view.view_id.id for view in action.view_ids}
        views = [[bound.get(mode, False), mode] for mode in modes]
        if action.view_id and action.view_id.type in modes:
            views = [
                [
                    action.view_id.id if mode == action.view_id.type and mode not in bound else vid,
                    mode,
                ]
                for vid, mode in views
            ]
        views.append([action.search_view_id.id, "search"])
        result = Model.get_views(views, {"toolbar": True, "load_filters": True})
        self.assertEqual(set(result["views"]), set(modes) | {"search"})

        records = Model.browse()
        for mode in ("list", "kanban"):
            if mode not in modes:
                continue
            arch = result["views"][mode]["arch"]
            spec = {name: {} for name in self._root_fields(arch)}
            found = Model.web_search_read(domain, spec, limit=40)
            records |= Model.browse([row["id"] for row in found["records"]])
            group_by = etree.fromstring(arch).get("default_group_by")
            if group_by:
                groups = Model.web_read_group(domain, [group_by], [group_by])
                self.assertTrue(groups["groups"] or not found["records"])
        for mode in ("pivot", "graph"):
            if mode not in modes:
                continue
            root = etree.fromstring(result["views"][mode]["arch"])
            for node in root.iter("field"):
                if node.get("type") == "measure":
                    continue
                group_by = node.get("name")
                if node.get("interval"):
                    group_by += ":" + node.get("interval")
                Model.read_group(domain, ["__count"], [group_by], lazy=False)
        if "form" in modes:
            arch = result["views"]["form"]["arch"]
            spec = {name: {} for name in self._root_fields(arch)}
            if records:
                Model.browse(records[:1].ids).web_read(spec)
            if Model.has_access("create") and action.target != "new":
                Form(Model, view=bound.get("form") or None)
        return records

    def _check_menu(self, user, expected_menus):
        checked = []
        for menu, action in self._menu_actions(user):
            with self.subTest(user=user.login, menu=menu.complete_name):
                if action._name == "ir.actions.act_window":
                    self._check_action(user, action)
                checked.append(menu)
        names = {menu.id for menu in checked}
        for xmlid in expected_menus:
            self.assertIn(self.env.ref(xmlid).id, names, xmlid)
        return checked

    def test_handler_screens(self):
        self.report.user_id = self.handler
        self._check_menu(
            self.handler,
            [
                "mdd_meldpunt.menu_mdd_report_mine",
                "mdd_meldpunt.menu_mdd_report_all",
                "mdd_meldpunt.menu_mdd_incident",
                "mdd_meldpunt.menu_mdd_complainant",
                "mdd_meldpunt.menu_mdd_report_action",
                "mdd_meldpunt.menu_mdd_report_reporting",
            ],
        )

    def test_coordinator_screens(self):
        self._check_menu(
            self.coordinator,
            [
                "mdd_meldpunt.menu_mdd_report_all",
                "mdd_meldpunt.menu_mdd_report_reporting",
                "mdd_meldpunt.menu_mdd_municipality",
                "mdd_meldpunt.menu_mdd_bureau",
                "mdd_meldpunt.menu_mdd_ground",
                "mdd_meldpunt.menu_mdd_domain",
                "mdd_meldpunt.menu_mdd_manifestation",
                "mdd_meldpunt.menu_mdd_action_type",
                "mdd_meldpunt.menu_mdd_outcome",
            ],
        )

    def test_every_menu_has_something_to_show(self):
        """No empty submenus: each visible menu leads to an action."""
        Menu = self.env["ir.ui.menu"]
        root = self.env.ref("mdd_meldpunt.menu_mdd_root")
        for user in (self.handler, self.coordinator):
            visible = Menu.with_user(user)._visible_menu_ids()
            menus = Menu.search([("id", "child_of", root.id), ("id", "!=", root.id)])
            for menu in menus.filtered(lambda m, v=visible: m.id in v):
                with self.subTest(user=user.login, menu=menu.complete_name):
                    self.assertTrue(
                        menu.action or menu.child_id.filtered(lambda c, v=visible: c.id in v)
                    )

    def test_report_views_are_the_meldpunt_ones(self):
        """Both report actions show the Meldpunt kanban, list, pivot and graph."""
        expected = {
            "kanban": "mdd_meldpunt.view_mdd_report_kanban",
            "list": "mdd_meldpunt.view_mdd_report_list",
            "pivot": "mdd_meldpunt.view_mdd_report_pivot",
            "graph": "mdd_meldpunt.view_mdd_report_graph",
        }
        for xmlid in ("mdd_meldpunt.action_mdd_report", "mdd_meldpunt.action_mdd_report_mine"):
            action = self.env.ref(xmlid)
            bound = {view.view_mode: view.view_id for view in action.view_ids}
            for mode, view_xmlid in expected.items():
                with self.subTest(action=xmlid, mode=mode):
                    self.assertEqual(bound.get(mode), self.env.ref(view_xmlid))
            self.assertEqual(
                action.search_view_id, self.env.ref("mdd_meldpunt.view_mdd_report_search")
            )

    def test_kanban_shows_bureau_stages(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.handler).with_context(mdd_report=True)
        groups = Ticket.web_read_group([("is_mdd_report", "=", True)], ["stage_id"], ["stage_id"])[
            "groups"
        ]
        stages = [group["stage_id"][0] for group in groups]
        expected = self.env["helpdesk.ticket.stage"].search([("is_mdd_stage", "=", True)])
        self.assertEqual(stages, expected.ids)

    def test_reporting_groups_by_registration(self):
        """The analysis groups reports by year, municipality, ground, domain, type."""
        self.report.write(self._complete_registration())
        self.report_emmen.write(
            dict(
                self._complete_registration(),
                ground_ids=[(6, 0, (self.ground_origin | self.ground_religion).ids)],
            )
        )
        Ticket = self.env["helpdesk.ticket"].with_user(self.coordinator)
        domain = [("id", "in", (self.report | self.report_emmen).ids)]
        by_ground = {
            group["ground_ids"][0]: group["__count"]
            for group in Ticket.read_group(domain, ["__count"], ["ground_ids"], lazy=False)
        }
        self.assertEqual(by_ground, {self.ground_origin.id: 2, self.ground_religion.id: 1})
        for group_by in (
            "incident_date:year",
            "incident_municipality_id",
            "residence_municipality_id",
            "domain_id",
            "report_type",
            "manifestation_ids",
        ):
            with self.subTest(group_by=group_by):
                groups = Ticket.read_group(domain, ["__count"], [group_by], lazy=False)
                self.assertTrue(groups)

    def test_report_form_as_handler(self):
        """A handler opens, edits and registers a report in the form."""
        form = Form(self.report.with_user(self.handler))
        form.report_type = "klacht"
        form.ground_ids.add(self.ground_origin)
        form.domain_id = self.domain_horeca
        form.manifestation_ids.add(self.manifestation_treatment)
        with form.action_ids.new() as line:
            line.type_id = self.action_type_intake
            line.time_spent = 0.5
        form.save()
        self.assertTrue(self.report.registration_complete)
        self.assertEqual(self.report.action_time_total, 1.5)

    def test_complainant_and_incident_forms_as_handler(self):
        form = Form(self.env["mdd.complainant"].with_user(self.handler))
        form.name = "Nieuwe melder"
        form.email = "nieuw@example.com"
        form.consent_share = True
        complainant = form.save()
        self.assertTrue(complainant.consent_share_date)
        form = Form(self.env["mdd.incident"].with_user(self.handler))
        form.name = "Voorval"
        form.location_not_applicable = True
        self.assertTrue(form.save())
