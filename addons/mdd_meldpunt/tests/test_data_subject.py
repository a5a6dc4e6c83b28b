# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Data-subject rights: export and erasure of a complainant's data."""

import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from .common import MddCase, setup_bureaus

NAME = "Sara Qzwartassen"
EMAIL = "qzwart.melder@example.org"
TITLE = "Qzwart geweigerd bij de deur"


class DataSubjectMixin:
    @classmethod
    def _seed(cls):
        cls.complainant.write({"name": NAME, "email": EMAIL})
        cls.report.write(
            {
                "name": TITLE,
                "other_party_name": "Cafe Qzwart",
                "incident_place": "Qzwartstraat 3",
            }
        )
        cls.report.message_post(body="Qzwart belde over de zaak", message_type="comment")
        cls.env["ir.attachment"].create(
            {
                "name": "qzwart.txt",
                "raw": b"Qzwart statement",
                "res_model": "helpdesk.ticket",
                "res_id": cls.report.id,
            }
        )

    def chatter_logs(self, complainant):
        return complainant.sudo().message_ids.filtered(lambda m: m.message_type == "notification")


@tagged("post_install", "-at_install")
class TestDataSubject(DataSubjectMixin, MddCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._seed()

    def test_coordinator_exports_everything(self):
        data = self.complainant.with_user(self.coordinator)._mdd_export_data()
        text = json.dumps(data, default=str)
        for value in (NAME, EMAIL, TITLE, "Cafe Qzwart", "Qzwart belde", "qzwart.txt"):
            self.assertIn(value, text)
        self.assertEqual(len(data["reports"]), 1)
        self.assertTrue(data["reports"][0]["actions"])
        logs = self.chatter_logs(self.complainant)
        self.assertEqual(len(logs), 1)
        self.assertNotIn("Sara", logs.body)

    def test_others_cannot_export_or_erase(self):
        for user in (self.handler, self.handler_emmen, self.internal, self.helpdesk_manager):
            complainant = self.complainant.with_user(user)
            with self.assertRaises(AccessError):
                complainant._mdd_export_data()
            with self.assertRaises(AccessError):
                complainant.action_mdd_export_data()
            with self.assertRaises(AccessError):
                complainant.action_mdd_erase_data()
        self.assertFalse(self.complainant.mdd_anonymised)
        self.assertEqual(self.complainant.name, NAME)

    def test_coordinator_erases_on_request(self):
        stage = self.report.stage_id
        self.assertFalse(stage.closed)
        self.complainant.with_user(self.coordinator).action_mdd_erase_data()
        self.assertTrue(self.complainant.mdd_anonymised)
        self.assertTrue(self.complainant.anonymous)
        self.assertFalse(self.complainant.email)
        self.assertEqual(self.complainant.residence_municipality_id, self.assen)
        # The open report is anonymised in place and keeps its registration.
        self.assertTrue(self.report.mdd_anonymised)
        self.assertEqual(self.report.stage_id, stage)
        self.assertEqual(self.report.incident_municipality_id, self.assen)
        self.assertFalse(self.portal_complainant.with_context(active_test=False).active)
        # The log says what happened, without personal data.
        logs = self.chatter_logs(self.complainant)
        self.assertEqual(len(logs), 1)
        self.assertIn("1 report", logs.body)
        self.env.flush_all()
        for table in (
            "helpdesk_ticket",
            "mdd_complainant",
            "res_partner",
            "res_users",
            "mail_message",
            "ir_attachment",
        ):
            for value in (NAME, EMAIL, TITLE, "Qzwart"):
                self.env.cr.execute(
                    SQL(
                        "SELECT count(*) FROM %s t WHERE t::text ILIKE %s",
                        SQL.identifier(table),
                        f"%{value}%",
                    )
                )
                self.assertEqual(self.env.cr.fetchone()[0], 0, (table, value))
        # The other complainant is untouched.
        self.assertEqual(self.complainant_emmen.name, "Erik Emmen")
        self.assertFalse(self.report_emmen.mdd_anonymised)
        # Erasing again changes nothing and still logs the request.
        self.complainant.with_user(self.coordinator).action_mdd_erase_data()
        self.assertEqual(len(self.chatter_logs(self.complainant)), 2)


@tagged("post_install", "-at_install")
class TestDataSubjectHttp(DataSubjectMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        for login, groups in (
            ("mdd_h_coordinator", "base.group_user,mdd_meldpunt.group_mdd_manager"),
            ("mdd_h_handler", "base.group_user,mdd_meldpunt.group_mdd_user"),
            ("mdd_h_internal", "base.group_user"),
            ("mdd_h_portal", "base.group_portal"),
        ):
            new_test_user(env, login=login, groups=groups)
        team_mdd, __ = setup_bureaus(env)
        team_mdd.user_ids = [(4, env["res.users"].search([("login", "=", "mdd_h_handler")]).id)]
        portal = env["res.users"].search([("login", "=", "mdd_h_portal")])
        cls.complainant = env["mdd.complainant"].create(
            {
                "name": NAME,
                "email": EMAIL,
                "age_group": "30_44",
                "partner_id": portal.partner_id.id,
            }
        )
        cls.report = (
            env["helpdesk.ticket"]
            .with_context(mdd_report=True)
            .create(
                {
                    "name": TITLE,
                    "description": "<p>Wat er gebeurde.</p>",
                    "complainant_id": cls.complainant.id,
                    "incident_municipality_id": env.ref("mdd_base.municipality_gm0106").id,
                }
            )
        )
        cls._seed()

    def url(self, suffix=""):
        return f"/mdd/complainant/{self.complainant.id}/export{suffix}"

    def test_coordinator_downloads_export(self):
        self.authenticate("mdd_h_coordinator", "mdd_h_coordinator")
        response = self.url_open(self.url(".json"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(response.json()["complainant"]["Name"], NAME)
        response = self.url_open(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(NAME, response.text)
        self.assertIn("Qzwart belde", response.text)

    def test_handler_and_portal_get_nothing(self):
        for login in ("mdd_h_handler", "mdd_h_portal", "mdd_h_internal"):
            self.authenticate(login, login)
            for suffix in ("", ".json"):
                response = self.url_open(self.url(suffix))
                self.assertEqual(response.status_code, 404, (login, suffix))
                self.assertNotIn(NAME, response.text)
        self.logout()
        response = self.url_open(self.url(".json"), allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
