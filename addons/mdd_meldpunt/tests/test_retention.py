# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Retention: personal data go after the period, the figures stay the same."""

import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common_figures import YEAR, FiguresCase

SECRET = "Zqxretentia"
EMAIL = "zqx.retentia@example.org"
PHONE = "0611223344"
POSTCODE = "9401 ZQ"
SEEDS = (SECRET, EMAIL, PHONE, POSTCODE)
TABLES = (
    "helpdesk_ticket",
    "mdd_complainant",
    "res_partner",
    "res_users",
    "mail_message",
    "mail_mail",
    "mail_tracking_value",
    "ir_attachment",
    "mdd_report_action",
    "mail_activity",
)


@tagged("post_install", "-at_install")
class TestRetention(FiguresCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.stage_closed = env.ref("mdd_meldpunt.stage_closed")
        cls.portal_user = new_test_user(
            env,
            login=EMAIL,
            name=f"{SECRET} Portal",
            email=EMAIL,
            groups="base.group_portal",
        )
        cls.portal_user.partner_id.write({"phone": PHONE, "zip": POSTCODE})
        cls.portal_user.partner_id.message_post(body=f"{SECRET} on the contact")
        cls.person = env["mdd.complainant"].create(
            {
                "name": f"{SECRET} Person",
                "email": EMAIL,
                "phone": PHONE,
                "postcode": POSTCODE,
                "residence_municipality_id": cls.aadorp.id,
                "age_group": "30_44",
                "partner_id": cls.portal_user.partner_id.id,
                "consent_contact": True,
            }
        )
        cls.expired = cls.reports["a_in_a_1"] | cls.reports["a_in_b"]
        cls.expired.write({"complainant_id": cls.person.id})
        cls.expired.invalidate_recordset()
        for report in cls.expired:
            cls._seed_report(report)
        cls._seed_record(cls.person, "mdd.complainant")
        # Closed six years ago: past the default period of five years.
        cls._close(cls.expired, fields.Datetime.now() - timedelta(days=6 * 366))

    @classmethod
    def _close(cls, reports, closed_date):
        reports.flush_recordset()
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET stage_id = %s, closed_date = %s WHERE id IN %s",
            (cls.stage_closed.id, closed_date, tuple(reports.ids)),
        )
        reports.invalidate_recordset()

    @classmethod
    def _seed_report(cls, report):
        report.write(
            {
                "name": f"{SECRET} title",
                "description": f"<p>{SECRET} description, call {PHONE}</p>",
                "notes": f"<p>{SECRET} notes</p>",
                "other_party_name": f"{SECRET} Snackbar",
                "incident_place": f"{SECRET}straat 1",
                "police_registration_number": f"{SECRET}-BVH",
                "partner_id": cls.portal_user.partner_id.id,
                "partner_name": f"{SECRET} Person",
                "partner_email": EMAIL,
                "mdd_receipt_hash": f"pbkdf2${SECRET}",
            }
        )
        cls.env["mdd.report.action"].create(
            {
                "report_id": report.id,
                "type_id": cls.env.ref("mdd_meldpunt.action_type_intake").id,
                "result": f"{SECRET} result",
                "note": f"{SECRET} note",
            }
        )
        cls._seed_record(report, "helpdesk.ticket")

    @classmethod
    def _seed_record(cls, record, model):
        env = cls.env
        attachment = env["ir.attachment"].create(
            {
                "name": f"{SECRET}.txt",
                "raw": f"file of {SECRET} {EMAIL}".encode(),
                "res_model": model,
                "res_id": record.id,
            }
        )
        message = record.message_post(
            body=f"{SECRET} wrote from {EMAIL}",
            subject=f"{SECRET} subject",
            email_from=EMAIL,
            message_type="comment",
            attachment_ids=[
                env["ir.attachment"]
                .create(
                    {
                        "name": "letter.txt",
                        "datas": base64.b64encode(f"letter {SECRET}".encode()),
                        "res_model": "mail.compose.message",
                        "res_id": 0,
                    }
                )
                .id
            ],
        )
        env["mail.tracking.value"].create(
            {
                "field_id": env["ir.model.fields"]._get(model, "name").id,
                "old_value_char": f"{SECRET} old",
                "new_value_char": f"{SECRET} new",
                "mail_message_id": message.id,
            }
        )
        env["mail.mail"].create(
            {
                "model": model,
                "res_id": record.id,
                "subject": f"{SECRET} mail",
                "body_html": f"<p>Dear {SECRET}</p>",
                "email_to": EMAIL,
                "state": "exception",
            }
        )
        record.activity_schedule(
            "mail.mail_activity_data_todo", summary=f"{SECRET} todo", user_id=env.uid
        )
        return attachment

    def figures(self):
        Figures = self.env["mdd.wga.figures"].with_user(self.coordinator)
        return Figures._figures(self.rows, YEAR, trend=True)

    def leftovers(self):
        """{table: rows} still holding a seeded value, in any column."""
        self.env.flush_all()
        found = {}
        for table in TABLES:
            for seed in SEEDS:
                self.env.cr.execute(
                    SQL(
                        "SELECT count(*) FROM %s t WHERE t::text ILIKE %s",
                        SQL.identifier(table),
                        f"%{seed}%",
                    )
                )
                count = self.env.cr.fetchone()[0]
                if count:
                    found[(table, seed)] = count
        # The files themselves, wherever they are stored.
        for attachment in self.env["ir.attachment"].sudo().search([]):
            raw = attachment.raw or b""
            if any(seed.encode() in raw for seed in SEEDS):
                found[("filestore", attachment.id)] = 1
        return found

    def registration(self):
        fields_ = [
            "create_date",
            "incident_date",
            "closed_date",
            "incident_municipality_id",
            "residence_municipality_id",
            "incident_location_na",
            "ground_ids",
            "domain_id",
            "manifestation_ids",
            "report_type",
            "outcome_id",
            "incident_id",
            "counts_in_figures",
            "team_id",
            "stage_id",
            "complainant_id",
        ]
        return self.expired.read(fields_, load=None)

    def run_retention(self):
        return self.env["mdd.retention"]._mdd_cron_retention()

    def test_seeded_data_is_found(self):
        """The search below can fail: before retention it finds every seed."""
        tables = {table for table, __ in self.leftovers()}
        self.assertTrue(
            {
                "helpdesk_ticket",
                "mdd_complainant",
                "res_partner",
                "mail_message",
                "mail_mail",
                "mail_tracking_value",
                "ir_attachment",
                "mdd_report_action",
                "filestore",
            }
            <= tables,
            tables,
        )

    def test_retention_removes_personal_data_and_keeps_figures(self):
        before = self.figures()
        registration = self.registration()
        counts = self.run_retention()
        self.assertEqual(counts["reports"], 2)
        self.assertEqual(counts["complainants"], 1)
        self.assertEqual(self.figures(), before)
        self.assertEqual(self.leftovers(), {})
        for report in self.expired:
            self.assertTrue(report.mdd_anonymised)
            self.assertTrue(report.mdd_anonymised_date)
            self.assertEqual(report.complainant_id, self.person)
            self.assertEqual(report.stage_id, self.stage_closed)
        self.assertEqual(self.registration(), registration)
        self.assertTrue(self.person.anonymous)
        self.assertEqual(self.person.residence_municipality_id, self.aadorp)
        self.assertFalse(self.person.partner_id)
        # The portal account is archived, its contact anonymised.
        self.assertFalse(self.portal_user.with_context(active_test=False).active)
        self.assertFalse(self.portal_user.partner_id.email)

        # Idempotent: a second run finds nothing and changes nothing.
        again = self.run_retention()
        self.assertEqual(again["reports"], 0)
        self.assertEqual(again["complainants"], 0)
        self.assertEqual(self.figures(), before)
        self.assertEqual(self.leftovers(), {})

    def test_open_and_recent_reports_are_kept(self):
        recent = self.reports["b_in_a"]
        recent.write({"other_party_name": f"{SECRET} recent"})
        self._close(recent, fields.Datetime.now() - timedelta(days=365))
        # Reopened: an old closing date, but not in a closed stage.
        reopened = self.reports["a_in_a_2"]
        reopened.write({"other_party_name": f"{SECRET} reopened"})
        self._close(reopened, fields.Datetime.now() - timedelta(days=7 * 366))
        reopened.flush_recordset()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET stage_id = %s WHERE id = %s",
            (self.env.ref("mdd_meldpunt.stage_in_progress").id, reopened.id),
        )
        reopened.invalidate_recordset()
        self.assertEqual(self.run_retention()["reports"], 2)
        self.assertFalse(recent.mdd_anonymised)
        self.assertEqual(recent.other_party_name, f"{SECRET} recent")
        self.assertFalse(reopened.mdd_anonymised)
        self.assertEqual(reopened.other_party_name, f"{SECRET} reopened")

    def test_complainant_with_a_live_report_keeps_contact_data(self):
        live = self._figures_report("live", self.aadorp, self.aadorp)
        live.complainant_id = self.person
        self.run_retention()
        self.assertTrue(all(self.expired.mapped("mdd_anonymised")))
        self.assertFalse(self.person.mdd_anonymised)
        self.assertEqual(self.person.email, EMAIL)

    def test_batches_defer_the_complainant(self):
        """One report per run: the complainant waits for their last report."""
        first = self.env["mdd.retention"]._mdd_cron_retention(batch_size=1)
        self.assertEqual((first["reports"], first["complainants"]), (1, 0))
        self.assertEqual(self.person.email, EMAIL)
        second = self.env["mdd.retention"]._mdd_cron_retention(batch_size=1)
        self.assertEqual((second["reports"], second["complainants"]), (1, 1))
        self.assertFalse(self.person.email)
        third = self.env["mdd.retention"]._mdd_cron_retention(batch_size=1)
        self.assertEqual(third["reports"], 0)
        self.assertEqual(self.leftovers(), {})

    def test_retention_period_is_a_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("mdd_meldpunt.retention_years", "10")
        self.assertEqual(self.run_retention()["reports"], 0)
        self.assertFalse(any(self.expired.mapped("mdd_anonymised")))

    def test_dry_run_changes_nothing(self):
        before = self.leftovers()
        counts = self.env["mdd.retention"]._mdd_dry_run()
        self.assertEqual(counts["years"], 5)
        self.assertEqual(counts["reports"], 2)
        self.assertEqual(counts["complainants"], 1)
        self.assertGreaterEqual(counts["attachments"], 3)
        self.assertEqual(self.leftovers(), before)
        self.assertFalse(any(self.expired.mapped("mdd_anonymised")))
        # The coordinator's form previews another period the same way.
        coordinator = self._user("ret_coordinator", "mdd_meldpunt.group_mdd_manager")
        settings = self.env["mdd.retention.settings"].with_user(coordinator).new({})
        self.assertEqual(settings.retention_years, 5)
        self.assertIn(" 2 ", settings.preview)
        self.assertNotIn(SECRET, settings.preview)
        settings.retention_years = 50
        self.assertIn(" 0 ", settings.preview)
        self.assertEqual(self.leftovers(), before)
        self.assertEqual(self.env["mdd.retention"]._mdd_retention_years(), 5, "not saved")

    def _user(self, login, group=None):
        groups = ",".join(filter(None, ["base.group_user", group]))
        return new_test_user(self.env, login=login, groups=groups)

    def test_coordinator_sets_the_retention_period(self):
        Settings = self.env["mdd.retention.settings"]
        coordinator = self._user("ret_coordinator", "mdd_meldpunt.group_mdd_manager")
        settings = Settings.with_user(coordinator).create({"retention_years": 10})
        action = settings.action_save()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.env["mdd.retention"]._mdd_retention_years(), 10)
        self.assertEqual(self.run_retention()["reports"], 0)
        for years in (0, -1, 101):
            with self.subTest(years=years), self.assertRaises(ValidationError):
                Settings.with_user(coordinator).create({"retention_years": years})
        # Case handlers and other staff cannot change it.
        handler = self._user("ret_handler", "mdd_meldpunt.group_mdd_user")
        for user in (handler, self._user("ret_internal")):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Settings.with_user(user).create({"retention_years": 1})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                settings.with_user(user).action_save()
        self.assertEqual(self.env["mdd.retention"]._mdd_retention_years(), 10)
