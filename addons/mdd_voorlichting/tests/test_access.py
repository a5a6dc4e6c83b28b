# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import VoorlichtingCommon, local


@tagged("post_install", "-at_install")
class TestVoorlichtingAccess(VoorlichtingCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_voorlichting()
        cls.session_a = cls._create_session(state="planned")
        cls.session_b = cls._create_session(
            start=local(2031, 3, 5, 9, 0),
            partner_id=cls.org_b.id,
            contact_id=cls.contact_b.id,
            municipality_id=cls.meppel.id,
            trainer_ids=[fields.Command.set(cls.trainer_2.ids)],
            state="confirmed",
        )
        cls.draft_a = cls._create_session(start=local(2031, 3, 6, 9, 0))
        cls.request = cls.env["mdd.education.request"].create(
            {
                "partner_id": cls.org_a.id,
                "contact_id": cls.contact_a.id,
                "municipality_id": cls.assen.id,
                "workshop_id": cls.workshop.id,
            }
        )

    def test_trainer_sees_only_own_sessions(self):
        Session = self.Session.with_user(self.trainer)
        found = Session.search([("id", "in", (self.session_a | self.session_b | self.draft_a).ids)])
        self.assertEqual(found, self.session_a | self.draft_a)
        self.session_a.with_user(self.trainer).read(["name", "partner_id", "trainer_notes"])
        with self.assertRaises(AccessError):
            self.session_b.with_user(self.trainer).read(["name"])
        with self.assertRaises(AccessError):
            Session.create(self._session_values(start=local(2031, 9, 1, 9, 0)))
        with self.assertRaises(AccessError):
            self.session_a.with_user(self.trainer).unlink()
        # Chatter: a trainer can post on their session.
        self.session_a.with_user(self.trainer).message_post(
            body="Bring the cards", message_type="comment"
        )

    def test_trainer_catalogue_read_only_and_no_requests(self):
        workshop = self.workshop.with_user(self.trainer)
        self.assertEqual(workshop.name, "Test workshop")
        with self.assertRaises(AccessError):
            workshop.write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.request.with_user(self.trainer).read(["name"])
        with self.assertRaises(AccessError):
            self.env["mdd.education.request"].with_user(self.trainer).search([])

    def test_trainer_unavailability_own_only(self):
        Period = self.env["mdd.trainer.unavailability"]
        other = Period.with_user(self.trainer_2).create(
            {
                "start": local(2031, 1, 1, 8, 0),
                "stop": local(2031, 1, 1, 17, 0),
                "reason": "illness",
            }
        )
        mine = Period.with_user(self.trainer).create(
            {"start": local(2031, 1, 2, 8, 0), "stop": local(2031, 1, 2, 17, 0)}
        )
        self.assertEqual(mine.user_id, self.trainer)
        self.assertEqual(
            Period.with_user(self.trainer).search([("id", "in", (mine | other).ids)]), mine
        )
        with self.assertRaises(AccessError):
            other.with_user(self.trainer).write({"name": "Not mine"})
        with self.assertRaises(AccessError):
            Period.with_user(self.trainer).create(
                {
                    "user_id": self.trainer_2.id,
                    "start": local(2031, 1, 3, 8, 0),
                    "stop": local(2031, 1, 3, 9, 0),
                }
            )
        self.assertEqual(
            Period.with_user(self.planner).search([("id", "in", (mine | other).ids)]), mine | other
        )

    def test_trainer_menus(self):
        Menu = self.env["ir.ui.menu"]
        trainer_menus = Menu.with_user(self.trainer)._visible_menu_ids()
        planner_menus = Menu.with_user(self.planner)._visible_menu_ids()
        mine = self.env.ref("mdd_voorlichting.menu_mdd_education_session_my")
        requests = self.env.ref("mdd_voorlichting.menu_mdd_education_request")
        self.assertIn(mine.id, trainer_menus)
        self.assertNotIn(requests.id, trainer_menus)
        self.assertIn(requests.id, planner_menus)

    def test_planner_sees_everything(self):
        Session = self.Session.with_user(self.planner)
        everything = self.session_a | self.session_b | self.draft_a
        self.assertEqual(Session.search([("id", "in", everything.ids)]), everything)
        self.request.with_user(self.planner).write({"participant_count": 40})
        self.session_b.with_user(self.planner).write({"location": "Kazerne"})

    def test_portal_organisation_sees_own_sessions_only(self):
        Session = self.Session.with_user(self.portal_a)
        everything = self.session_a | self.session_b | self.draft_a
        self.assertEqual(Session.search([("id", "in", everything.ids)]), self.session_a)
        self.session_a.with_user(self.portal_a).read(["name", "start", "trainer_ids"])
        for forged in (self.session_b, self.draft_a):
            with self.subTest(session=forged.id), self.assertRaises(AccessError):
                forged.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.session_a.with_user(self.portal_a).write({"state": "confirmed"})
        with self.assertRaises(AccessError):
            self.env["mdd.education.request"].with_user(self.portal_a).search([])
        # A colleague of the same organisation sees it too.
        colleague = self.env["res.partner"].create(
            {"name": "Colleague", "email": "col@testschool.example.nl", "parent_id": self.org_a.id}
        )
        colleague_user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": "va_portal_col",
                    "partner_id": colleague.id,
                    "groups_id": [fields.Command.set(self.env.ref("base.group_portal").ids)],
                }
            )
        )
        self.assertEqual(
            self.Session.with_user(colleague_user).search([("id", "in", everything.ids)]),
            self.session_a,
        )

    def test_views_load_for_each_role(self):
        all_views = ["list", "form", "kanban", "calendar", "pivot", "graph", "search"]
        cases = [
            (self.trainer, "mdd.education.session", all_views),
            (self.planner, "mdd.education.session", all_views),
            (self.planner, "mdd.education.request", ["list", "form", "kanban", "search"]),
            (self.trainer, "mdd.trainer.unavailability", ["list", "form", "calendar", "search"]),
            (self.trainer, "mdd.workshop", ["list", "form", "kanban", "search"]),
            (self.planner, "mdd.education.request.decline", ["form"]),
            (self.planner, "mdd.education.session.cancel", ["form"]),
        ]
        for user, model, views in cases:
            with self.subTest(user=user.login, model=model):
                result = self.env[model].with_user(user).get_views([(False, v) for v in views])
                self.assertEqual(set(result["views"]), set(views))
        form = (
            self.env["mdd.education.session"].with_user(self.trainer).get_views([(False, "form")])
        )
        arch = form["views"]["form"]["arch"]
        self.assertNotIn('name="request_id"', arch, "trainers do not see requests")
        self.assertNotIn('name="action_plan"', arch)
        self.env["res.config.settings"].get_views([(False, "form")])
