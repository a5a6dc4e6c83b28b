# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The access log: who opened, exported, erased or downloaded personal data."""

import base64
import json
import logging
from datetime import timedelta

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import MddCase, setup_bureaus

NAME = "Sara Qzwartlog"
EMAIL = "qzwart.log@example.org"
PHONE = "0612345678"
POSTCODE = "9401 QZ"

# What the complainant form asks for (the identity fields among others).
FORM_SPEC = {
    "display_name": {},
    "name": {},
    "anonymous": {},
    "email": {},
    "phone": {},
    "postcode": {},
    "partner_id": {"fields": {"display_name": {}}},
    "role": {},
    "age_group": {},
    "residence_municipality_id": {"fields": {"display_name": {}}},
}
# What the report form asks for about the complainant.
REPORT_SPEC = {
    "number": {},
    "name": {},
    "is_mdd_report": {},
    "complainant_id": {"fields": {"display_name": {}}},
}


class EntriesMixin:
    def setUp(self):
        super().setUp()
        # Only the entries this test makes count.
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mdd_access_log")
        self.first_id = self.env.cr.fetchone()[0] + 1

    def entries(self, **domain):
        return (
            self.env["mdd.access.log"]
            .sudo()
            .search(
                [("id", ">=", self.first_id)]
                + [(key, "=", value) for key, value in domain.items()],
                order="id",
            )
        )


@tagged("post_install", "-at_install")
class TestAccessLog(EntriesMixin, MddCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complainant.write({"name": NAME, "email": EMAIL, "phone": PHONE, "postcode": POSTCODE})
        cls.Log = cls.env["mdd.access.log"]

    def assertNoPersonalData(self):
        self.env.flush_all()
        for value in (NAME, "Qzwartlog", EMAIL, PHONE, POSTCODE, "qzwart.txt"):
            self.env.cr.execute(
                SQL("SELECT count(*) FROM mdd_access_log t WHERE t::text ILIKE %s", f"%{value}%")
            )
            self.assertEqual(self.env.cr.fetchone()[0], 0, value)

    # ------------------------------------------------------------------
    # Identity opened
    # ------------------------------------------------------------------

    def test_opening_a_complainant_form_leaves_one_entry(self):
        before = fields.Datetime.now()
        data = self.complainant.with_user(self.handler).web_read(FORM_SPEC)
        self.assertEqual(data[0]["email"], EMAIL)
        logged = self.entries(res_model="mdd.complainant", res_id=self.complainant.id)
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.action, "identity_opened")
        self.assertEqual(logged.user_id, self.handler)
        self.assertGreaterEqual(logged.date, before - timedelta(seconds=1))
        self.assertFalse(logged.report_number)
        self.assertEqual(logged.company_id, self.complainant.company_id)
        self.assertEqual(logged.record_label, f"Complainant #{self.complainant.id}")
        # Each opening is one more entry.
        self.complainant.with_user(self.coordinator).web_read(FORM_SPEC)
        logged = self.entries(res_model="mdd.complainant", res_id=self.complainant.id)
        self.assertEqual(logged.user_id, self.handler | self.coordinator)
        self.assertNoPersonalData()

    def test_saving_the_open_form_is_no_new_opening(self):
        complainant = self.complainant.with_user(self.handler)
        complainant.web_save({"phone": "0687654321"}, FORM_SPEC)
        self.report.with_user(self.handler).web_save({"name": "Bijgewerkt"}, REPORT_SPEC)
        self.assertFalse(self.entries())
        # A new complainant, saved by its creator: no opening either.
        created = (
            self.env["mdd.complainant"]
            .with_user(self.handler)
            .web_save({"name": "Nieuwe Qzwartlog", "age_group": "30_44"}, FORM_SPEC)
        )
        self.assertTrue(created[0]["id"])
        self.assertFalse(self.entries())
        # "Save and next": the next complainant's form opens.
        complainant.web_save({"phone": "0611111111"}, FORM_SPEC, next_id=created[0]["id"])
        logged = self.entries()
        self.assertEqual((logged.res_id, logged.action), (created[0]["id"], "identity_opened"))

    def test_lists_searches_and_system_reads_are_not_logged(self):
        Complainant = self.env["mdd.complainant"]
        # A list (web_search_read) and a read of several records.
        result = Complainant.with_user(self.coordinator).web_search_read([], FORM_SPEC)
        self.assertGreaterEqual(result["length"], 2)
        (self.complainant | self.complainant_emmen).with_user(self.coordinator).web_read(FORM_SPEC)
        # The superuser and the system (sudo) read without a trace.
        self.complainant.sudo().web_read(FORM_SPEC)
        self.complainant.with_user(self.handler).sudo().web_read(FORM_SPEC)
        # A read without identity fields (e.g. a statistic) is no opening.
        self.complainant.with_user(self.handler).web_read({"age_group": {}, "role": {}})
        self.assertFalse(self.entries())

    def test_a_refused_read_is_not_logged(self):
        with self.assertRaises(AccessError):
            self.complainant.with_user(self.handler_emmen).web_read(FORM_SPEC)
        self.assertFalse(self.entries())

    def test_opening_a_report_shows_the_complainant_and_is_logged(self):
        data = self.report.with_user(self.handler).web_read(REPORT_SPEC)
        self.assertEqual(data[0]["complainant_id"]["display_name"], NAME)
        logged = self.entries()
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.action, "identity_opened")
        self.assertEqual(
            (logged.res_model, logged.res_id), ("mdd.complainant", self.complainant.id)
        )
        self.assertEqual(logged.report_number, self.report.number)
        # A report of an anonymous complainant shows no identity.
        anonymous = self._create_complainant(anonymous=True)
        report = self._create_report(anonymous)
        report.with_user(self.handler).web_read(REPORT_SPEC)
        # Neither does a report read without its complainant.
        self.report.with_user(self.handler).web_read({"number": {}, "name": {}})
        self.assertEqual(self.entries(), logged)

    # ------------------------------------------------------------------
    # Export and erasure
    # ------------------------------------------------------------------

    def test_export_leaves_one_entry(self):
        data = self.complainant.with_user(self.coordinator)._mdd_export_data()
        self.assertEqual(data["complainant"]["Email"], EMAIL)
        logged = self.entries()
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.action, "data_exported")
        self.assertEqual(logged.user_id, self.coordinator)
        self.assertEqual(
            (logged.res_model, logged.res_id), ("mdd.complainant", self.complainant.id)
        )
        self.assertNoPersonalData()

    def test_refused_export_and_erasure_are_not_logged(self):
        for method in ("_mdd_export_data", "action_mdd_erase_data"):
            with self.assertRaises(AccessError):
                getattr(self.complainant.with_user(self.handler), method)()
        self.assertFalse(self.entries())

    def test_erasure_leaves_one_entry(self):
        self.complainant.with_user(self.coordinator).action_mdd_erase_data()
        self.assertTrue(self.complainant.mdd_anonymised)
        logged = self.entries()
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.action, "data_erased")
        self.assertEqual(logged.user_id, self.coordinator)
        self.assertEqual(
            (logged.res_model, logged.res_id), ("mdd.complainant", self.complainant.id)
        )
        self.assertNoPersonalData()

    def test_list_export_of_identity_is_logged(self):
        # Exporting from a list needs the right to export (off by default).
        (self.coordinator | self.handler).groups_id = [
            (4, self.env.ref("base.group_allow_export").id)
        ]
        complainants = self.complainant | self.complainant_emmen
        complainants.with_user(self.coordinator).export_data(["role", "age_group"])
        self.assertFalse(self.entries())
        rows = complainants.with_user(self.coordinator).export_data(["name", "email"])["datas"]
        self.assertIn([NAME, EMAIL], rows)
        logged = self.entries(action="data_exported")
        self.assertEqual(sorted(logged.mapped("res_id")), sorted(complainants.ids))
        # Reports exported with their complainant.
        self.report.with_user(self.handler).export_data(["number", "complainant_id"])
        logged = self.entries(action="data_exported", report_number=self.report.number)
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.res_id, self.complainant.id)
        self.assertNoPersonalData()

    # ------------------------------------------------------------------
    # Who may read it, and that it cannot change
    # ------------------------------------------------------------------

    def test_only_coordinators_read_the_log(self):
        self.complainant.with_user(self.handler).web_read(FORM_SPEC)
        entry = self.entries()
        for user in (
            self.handler,
            self.handler_emmen,
            self.internal,
            self.helpdesk_manager,
            self.portal,
            self.portal_complainant,
        ):
            with self.assertRaises(AccessError, msg=user.login):
                self.Log.with_user(user).search([])
            with self.assertRaises(AccessError, msg=user.login):
                entry.with_user(user).read(["action"])
        as_coordinator = self.Log.with_user(self.coordinator).search([("id", ">=", self.first_id)])
        self.assertEqual(as_coordinator, entry)
        self.assertEqual(as_coordinator.read(["action"])[0]["action"], "identity_opened")

    def test_entries_are_append_only(self):
        self.complainant.with_user(self.handler).web_read(FORM_SPEC)
        entry = self.entries()
        for user in (self.coordinator, self.handler):
            with self.assertRaises(AccessError):
                entry.with_user(user).write({"action": "data_erased"})
            with self.assertRaises(AccessError):
                entry.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.Log.with_user(user).create(
                    {
                        "user_id": user.id,
                        "action": "data_erased",
                        "res_model": "mdd.complainant",
                        "res_id": self.complainant.id,
                    }
                )
        # Not even code running as superuser changes or deletes an entry.
        with self.assertRaises(UserError):
            entry.sudo().write({"action": "data_erased"})
        with self.assertRaises(UserError):
            entry.sudo().unlink()
        self.assertEqual(entry.action, "identity_opened")
        # A user with entries cannot be deleted (users are archived instead).
        with (
            self.assertRaises(psycopg2.IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.handler.sudo().unlink()
            self.env.flush_all()

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    def _entry_of_age(self, days):
        entry = self.Log.with_user(self.handler)._mdd_log("identity_opened", self.complainant)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mdd_access_log SET date = now() at time zone 'UTC' - %s * interval '1 day' "
            "WHERE id = %s",
            (days, entry.id),
        )
        entry.invalidate_recordset()
        return entry

    def test_purge_removes_old_entries_only(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "mdd_meldpunt.access_log_retention_days", "30"
        )
        old = self._entry_of_age(31) | self._entry_of_age(40) | self._entry_of_age(400)
        recent = self._entry_of_age(29) | self._entry_of_age(0)
        cron = self.env.ref("mdd_meldpunt.ir_cron_mdd_access_log_purge")
        Trigger = self.env["ir.cron.trigger"].sudo()
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        with self.assertLogs(
            "odoo.addons.mdd_meldpunt.models.mdd_access_log", logging.INFO
        ) as logs:
            self.assertEqual(self.Log._mdd_cron_purge(batch_size=2), 2)
        # A full batch: the job runs again soon for the rest.
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)
        self.assertEqual(self.Log._mdd_cron_purge(batch_size=2), 1)
        self.assertEqual(self.Log._mdd_cron_purge(batch_size=2), 0)
        self.assertFalse(old.exists())
        self.assertEqual(recent.exists(), recent)
        self.assertEqual(
            logs.output[0].split(":", 2)[-1],
            "Access log: removed 2 entries older than the retention period",
        )

    def test_retention_default_and_bad_values(self):
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("mdd_meldpunt.access_log_retention_days", False)
        self.assertEqual(self.Log._mdd_retention_days(), 730)
        Param.set_param("mdd_meldpunt.access_log_retention_days", "not a number")
        self.assertEqual(self.Log._mdd_retention_days(), 730)
        Param.set_param("mdd_meldpunt.access_log_retention_days", "-5")
        self.assertEqual(self.Log._mdd_retention_days(), 1)
        entry = self._entry_of_age(700)
        Param.set_param("mdd_meldpunt.access_log_retention_days", False)
        self.Log._mdd_cron_purge()
        self.assertTrue(entry.exists(), "kept for 730 days by default")

    def test_the_purge_job_runs_as_scheduled(self):
        cron = self.env.ref("mdd_meldpunt.ir_cron_mdd_access_log_purge")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        old = self._entry_of_age(800)
        cron.method_direct_trigger()
        self.assertFalse(old.exists())


@tagged("post_install", "-at_install")
class TestAccessLogHttp(EntriesMixin, HttpCase):
    """Through the web client's own routes, as the real users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        users = {}
        for login, groups in (
            ("mdd_al_coordinator", "base.group_user,mdd_meldpunt.group_mdd_manager"),
            ("mdd_al_handler", "base.group_user,mdd_meldpunt.group_mdd_user"),
            ("mdd_al_internal", "base.group_user"),
        ):
            users[login] = new_test_user(env, login=login, groups=groups)
        cls.handler = users["mdd_al_handler"]
        team_mdd, __ = setup_bureaus(env)
        team_mdd.user_ids = [(4, cls.handler.id)]
        cls.complainant = env["mdd.complainant"].create(
            {"name": NAME, "email": EMAIL, "age_group": "30_44"}
        )
        cls.report = (
            env["helpdesk.ticket"]
            .with_context(mdd_report=True)
            .create(
                {
                    "name": "Geweigerd",
                    "description": "<p>Wat er gebeurde.</p>",
                    "complainant_id": cls.complainant.id,
                    "incident_municipality_id": env.ref("mdd_base.municipality_gm0106").id,
                }
            )
        )
        cls.attachment = env["ir.attachment"].create(
            {
                "name": "qzwart.txt",
                "raw": b"Qzwart statement",
                "res_model": "helpdesk.ticket",
                "res_id": cls.report.id,
            }
        )
        # A 1x1 PNG: the chatter shows it as a resized thumbnail.
        cls.image = env["ir.attachment"].create(
            {
                "name": "qzwart.png",
                "datas": base64.b64encode(
                    bytes.fromhex(
                        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d00000000"
                        "49454e44ae426082"
                    )
                ),
                "res_model": "helpdesk.ticket",
                "res_id": cls.report.id,
            }
        )

    def call_kw(self, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            "id": 1,
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_handler_downloads_a_report_file(self):
        self.authenticate("mdd_al_handler", "mdd_al_handler")
        # Written in the download's own transaction: no read-only retry.
        with self.assertNoLogs("odoo.http", "WARNING"):
            response = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"Qzwart statement")
        logged = self.entries()
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.action, "attachment_downloaded")
        self.assertEqual(logged.user_id, self.handler)
        self.assertEqual((logged.res_model, logged.res_id), ("helpdesk.ticket", self.report.id))
        self.assertEqual(logged.report_number, self.report.number)
        self.assertEqual(logged.attachment_ref, self.attachment.id)
        # The chatter's thumbnail of an image is no download; the image
        # opened in full is.
        response = self.url_open(f"/web/image/{self.image.id}/100x100")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.entries()), 1)
        response = self.url_open(f"/web/image/{self.image.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.entries(attachment_ref=self.image.id).action, "attachment_downloaded")

    def test_refused_download_and_visitors_are_not_logged(self):
        self.authenticate("mdd_al_internal", "mdd_al_internal")
        response = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertEqual(response.status_code, 404)
        self.logout()
        response = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(self.entries())

    def test_handler_opens_the_complainant_form(self):
        self.authenticate("mdd_al_handler", "mdd_al_handler")
        with self.assertNoLogs("odoo.http", "WARNING"):
            body = self.call_kw("mdd.complainant", "web_read", [[self.complainant.id], FORM_SPEC])
        self.assertEqual(body["result"][0]["name"], NAME)
        logged = self.entries()
        self.assertEqual(len(logged), 1)
        self.assertEqual((logged.action, logged.user_id), ("identity_opened", self.handler))
        # The handler cannot read the log; the coordinator can.
        with mute_logger("odoo.http"):
            body = self.call_kw("mdd.access.log", "search_read", [[], ["action"]])
        self.assertEqual(body["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.authenticate("mdd_al_coordinator", "mdd_al_coordinator")
        body = self.call_kw(
            "mdd.access.log", "search_read", [[["id", ">=", self.first_id]], ["action", "res_id"]]
        )
        self.assertEqual(
            [(r["action"], r["res_id"]) for r in body["result"]],
            [("identity_opened", self.complainant.id)],
        )
