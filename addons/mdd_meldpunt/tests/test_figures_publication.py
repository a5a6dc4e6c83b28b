# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Wga publications: frozen files, drift, new versions, access, delivery and
the national export (see common_publication.py for the numbers)."""

import hashlib
import io
import json
import re

import openpyxl
from lxml import html as lxml_html

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from ..tools import national_export
from .common_publication import YEAR, PublicationMixin, build_publication_data

HEADER = (
    b"cbs_code,gemeente,jaar,inwoners_in_gemeente,inwoners_elders,"
    b"niet_inwoners_in_gemeente,totaal\n"
)


class PublicationCase(PublicationMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_publication_data(cls)

    def of(self, publications, municipality):
        return publications.filtered(lambda p: p.municipality_id == municipality)


@tagged("post_install", "-at_install")
class TestWgaPublication(PublicationCase):
    def test_preview_shows_exactly_what_is_frozen(self):
        Wizard = self.env["mdd.wga.publication.wizard"].with_user(self.coordinator)
        wizard = Wizard.create({"year": YEAR, "team_ids": [(6, 0, self.teams.ids)]})
        preview = wizard.preview_html
        row = preview.split('data-cbs_code="GM0106"', 1)[1].split("</tr>", 1)[0]
        cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        self.assertEqual(cells[:6], ["GM0106", "Assen", "6", "0", "0", "6"])
        self.assertIn('data-action="new"', row)
        self.assertFalse(wizard.needs_reason)
        # Nothing is stored by the preview.
        self.assertFalse(self.env["mdd.wga.publication"].search([("year", "=", YEAR)]))
        publications = self.publish()
        self.assertEqual(publications.municipality_id, wizard.municipality_ids)
        assen = self.of(publications, self.assen)
        self.assertEqual(assen.csv_attachment_id.raw, HEADER + b"GM0106,Assen,2025,6,0,0,6\n")
        # The files speak the bureau's public language, not the coordinator's.
        public = self.env.company._mdd_public_lang()
        self.assertEqual(assen.lang, public)
        # Published again without changes: nothing to do, also for a
        # coordinator who works in another language than the files.
        other = "en_US" if public != "en_US" else "nl_NL"
        self.env["res.lang"]._activate_lang(other)
        self.coordinator.lang = other
        Wizard = Wizard.with_context(lang=other)
        wizard = Wizard.create({"year": YEAR, "team_ids": [(6, 0, self.teams.ids)]})
        self.assertNotIn('data-action="new"', wizard.preview_html)
        self.assertIn('data-action="unchanged"', wizard.preview_html)
        with self.assertRaises(UserError):
            wizard.action_publish()

    def _check_drift(self, publications, assen):
        """The drift: exactly the changed cells of Assen (column 1 and its
        total), on the publication and on the dashboard."""
        drift = publications._drift()
        self.assertEqual(
            drift, {assen.id: [("inwoners_in_gemeente", "6", "7"), ("totaal", "6", "7")]}
        )
        as_coordinator = assen.with_user(self.coordinator)
        self.assertTrue(as_coordinator.has_drift)
        self.assertIn("Assen 2025:", as_coordinator.drift_html)
        self.assertIn("now 7, published 6", as_coordinator.drift_html)
        self.assertEqual(len((publications - assen).filtered("has_drift")), 0)
        dashboard = self.env["mdd.dashboard"].with_user(self.coordinator).get_dashboard_data()
        self.assertTrue(any("Assen 2025:" in line for line in dashboard["warnings"]))

    def test_acceptance_late_report_drift_and_new_version(self):
        publications = self.publish()
        assen = self.of(publications, self.assen)
        self.assertEqual(assen.state, "published")
        self.assertEqual(assen.version, 1)
        self.assertEqual(assen.published_by_id, self.coordinator)
        for kind in ("csv", "xlsx", "pdf"):
            attachment = assen[f"{kind}_attachment_id"]
            self.assertTrue(attachment.raw, kind)
            self.assertEqual(hashlib.sha256(attachment.raw).hexdigest(), assen[f"{kind}_sha256"])
        csv_before = assen.csv_attachment_id.raw
        hash_before = assen.csv_sha256
        self.assertFalse(publications.filtered("has_drift"))

        # A late report: a resident of Assen about an incident in Assen.
        self._publication_report(self.assen, ground=self.herkomst, domain=self.horeca, name="laat")
        self.env.flush_all()
        assen.invalidate_recordset()
        self.assertEqual(assen.csv_attachment_id.raw, csv_before)
        self.assertEqual(assen.csv_sha256, hash_before)
        self.assertEqual(hashlib.sha256(assen.csv_attachment_id.raw).hexdigest(), hash_before)
        self._check_drift(publications, assen)

        # Republishing needs a reason.
        Wizard = self.env["mdd.wga.publication.wizard"].with_user(self.coordinator)
        wizard = Wizard.create({"year": YEAR, "team_ids": [(6, 0, self.teams.ids)]})
        self.assertTrue(wizard.needs_reason)
        row = wizard.preview_html.split('data-cbs_code="GM0106"', 1)[1].split("</tr>", 1)[0]
        self.assertIn('data-action="replace"', row)
        with self.assertRaises(UserError):
            wizard.action_publish()
        self.assertEqual(assen.state, "published")
        wizard.reason = "Melding te laat geregistreerd"
        wizard.action_publish()

        # The old version stays, withdrawn, with its file and dates.
        self.assertEqual(assen.state, "withdrawn")
        self.assertEqual(assen.withdraw_reason, "Melding te laat geregistreerd")
        self.assertTrue(assen.withdrawn_on)
        self.assertTrue(assen.published_on)
        self.assertEqual(assen.csv_attachment_id.raw, csv_before)
        new = assen.replaced_by_id
        self.assertEqual(new.state, "published")
        self.assertEqual(new.version, 2)
        self.assertEqual(new.replaces_id, assen)
        self.assertEqual(new.csv_attachment_id.raw, HEADER + b"GM0106,Assen,2025,7,0,0,7\n")
        # Only Assen got a new version; the others stay at version 1.
        self.assertEqual(self.published().mapped("version").count(2), 1)
        self.assertFalse(self.published()._drift())
        # The trail: without personal data.
        bodies = " ".join(str(m.body) for m in (assen | new).message_ids)
        self.assertIn("Withdrawn: replaced by version 2", bodies)
        self.assertIn("Version 2 published; it replaces version 1", bodies)
        self.assertIn("1 official contact(s)", bodies)
        for text in ("Ambtenaar", "ambtenaar@", "Melding te laat"):
            self.assertNotIn(text, bodies)

    def test_replace_wizard_needs_a_reason(self):
        assen = self.of(self.publish(), self.assen)
        action = assen.with_user(self.coordinator).action_open_replace_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.coordinator)
        form = Form(Wizard.with_context(**action["context"]))
        with self.assertRaises(AssertionError):
            form.save()  # the reason is required
        with self.assertRaises(UserError):
            assen.with_user(self.coordinator)._replace("  ")
        form.reason = "Correctie van de gemeente van een melding"
        wizard = form.save()
        result = wizard.action_replace()
        new = self.env["mdd.wga.publication"].browse(result["res_id"])
        self.assertEqual((assen.state, new.state, new.version), ("withdrawn", "published", 2))
        with self.assertRaises(UserError):
            assen.with_user(self.coordinator)._replace("Nog eens")

    def test_published_version_cannot_change(self):
        assen = self.of(self.publish(), self.assen).with_user(self.coordinator)
        for values in (
            {"year": 2024},
            {"csv_sha256": "0" * 64},
            {"municipality_id": self.meppel.id},
            {"state": "draft"},
            {"withdraw_reason": "Stilletjes"},
        ):
            with self.assertRaises(UserError, msg=str(values)):
                assen.write(values)
        with self.assertRaises(UserError):
            assen.unlink()
        attachment = assen.csv_attachment_id
        with self.assertRaises(UserError):
            attachment.with_user(self.coordinator).write({"raw": b"vervalst"})
        with self.assertRaises(UserError):
            attachment.sudo().write({"raw": b"vervalst"})
        with self.assertRaises(UserError):
            attachment.with_user(self.coordinator).unlink()
        # The chatter stays usable.
        assen.message_post(body="Besproken in overleg", subtype_xmlid="mail.mt_note")
        # A draft can be changed or deleted.
        draft = (
            self.env["mdd.wga.publication"]
            .with_user(self.coordinator)
            .create({"municipality_id": self.assen.id, "year": 2024})
        )
        draft.write({"year": 2023})
        draft.unlink()
        # Two published versions of one year: never.
        other = self.env["mdd.wga.publication"].create(
            {"municipality_id": self.assen.id, "year": YEAR, "version": 5}
        )
        with self.assertRaises(UserError):
            other.action_publish()
        with self.assertRaises(ValidationError):
            self.env["mdd.wga.publication"].create({"municipality_id": self.assen.id, "year": 1990})

    def test_access(self):
        Publication = self.env["mdd.wga.publication"]
        publications = self.publish()
        assen = self.of(publications, self.assen)
        meppel = self.of(publications, self.meppel)
        assen.with_user(self.coordinator)._replace("Herziening")
        draft = Publication.create({"municipality_id": self.assen.id, "year": 2024})
        own = Publication.search(
            [("municipality_id", "=", self.assen.id), ("state", "!=", "draft")]
        )
        self.assertEqual(len(own), 2)
        # The official: their own municipality's published and withdrawn versions.
        as_official = Publication.with_user(self.official)
        self.assertEqual(as_official.search([]), own)
        own.with_user(self.official).check_access("read")
        for record in (meppel, draft):
            with self.assertRaises(AccessError):
                record.with_user(self.official).check_access("read")
        with self.assertRaises(AccessError):
            own[0].with_user(self.official).write({"year": 2020})
        with self.assertRaises(AccessError):
            as_official.create({"municipality_id": self.assen.id, "year": 2024})
        # The exact numbers are for coordinators only.
        with self.assertRaises(AccessError):
            own.with_user(self.official).read(["figures_json"])
        with self.assertRaises(AccessError):
            self.env["mdd.wga.delivery"].with_user(self.official).search([])
        self.assertEqual(Publication.with_user(self.official_meppel).search([]), meppel)
        # Handlers, other internal and portal users: nothing.
        for user in (self.handler, self.internal, self.portal_other):
            with self.assertRaises(AccessError):
                assen.with_user(user).check_access("read")
            with self.assertRaises(AccessError):
                self.env["mdd.wga.publication.wizard"].with_user(user).create({"year": YEAR})
            with self.assertRaises(AccessError):
                self.env["mdd.wga.delivery"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.publish(user=self.handler)
        # Coordinators read the deliveries; nobody writes them.
        deliveries = self.env["mdd.wga.delivery"].with_user(self.coordinator).search([])
        self.assertTrue(deliveries)
        with self.assertRaises(AccessError):
            deliveries.write({"download_count": 99})

    def test_delivery_mail_has_a_link_and_no_figures(self):
        publications = self.publish()
        assen = self.of(publications, self.assen)
        delivery = assen.delivery_ids
        self.assertEqual(delivery.partner_id, self.official.partner_id)
        self.assertTrue(delivery.sent_on)
        self.assertFalse(delivery.opened_on or delivery.downloaded_on)
        mails = self.env["mail.mail"].search(
            [("model", "=", "mdd.wga.delivery"), ("res_id", "=", delivery.id)]
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.official.partner_id)
        body = mails.body_html
        self.assertIn("/my/cijfers", body)
        text = lxml_html.fromstring(body).text_content()
        self.assertIn("Assen", text)
        # No figures: not Assen's 6, not the form; no file attached.
        self.assertNotRegex(text, r"(?<![\d-])6(?![\d-])")
        for figure in ("GM0106", "inwoners", "<5", "totaal"):
            self.assertNotIn(figure, body)
        # The message itself (without the company's layout): no number but
        # the year and the version.
        template = self.env.ref("mdd_meldpunt.mail_template_wga_publication")
        own = template._render_field("body_html", delivery.ids)[delivery.id]
        own_text = lxml_html.fromstring(own).text_content()
        self.assertIn("Assen", own_text)
        self.assertEqual(set(re.findall(r"\d+", own_text)), {"2025", "1"})
        self.assertFalse(mails.attachment_ids)
        # Meppel's official got Meppel's mail only; municipalities without
        # contacts get none.
        meppel = self.of(publications, self.meppel)
        self.assertEqual(meppel.delivery_ids.partner_id, self.official_meppel.partner_id)
        others = publications - assen - meppel
        self.assertFalse(others.delivery_ids)
        self.assertIn("no delivery mail sent", " ".join(others[:1].message_ids.mapped("body")))
        # Download logged by the portal (see the HTTP tests): opened and counted.
        Delivery = self.env["mdd.wga.delivery"]
        Delivery._mark_opened(self.official.partner_id, self.assen)
        self.assertTrue(delivery.opened_on)
        Delivery._log_download(self.official.partner_id, assen)
        Delivery._log_download(self.official.partner_id, assen)
        self.assertEqual(delivery.download_count, 2)
        self.assertTrue(delivery.downloaded_on)


@tagged("post_install", "-at_install")
class TestNationalExport(PublicationCase):
    def test_national_export_is_the_sum_of_the_published_files(self):
        Publication = self.env["mdd.wga.publication"].with_user(self.coordinator)
        with self.assertRaises(UserError):
            Publication._national_csv(YEAR)  # nothing published yet
        self.publish()
        # A late report and a new version of Assen: the export takes the
        # current published versions only, not the live figures.
        self._publication_report(self.assen, ground=self.herkomst, domain=self.horeca, name="laat")
        self.env.flush_all()
        self.publish(reason="Melding te laat geregistreerd")
        self._publication_report(self.meppel, ground=self.herkomst, domain=self.wonen, name="live")
        published = self.published()
        export = national_export.parse_csv(Publication._national_csv(YEAR))
        rows = {row["cbs_code"]: row for row in export["gemeenten"] if row["cbs_code"]}
        self.assertEqual(set(rows), set(published.mapped("cbs_code")))
        sums = dict.fromkeys(national_export.MUNICIPALITY_HEADER[4:], 0)
        breakdowns = {}
        for publication in published:
            frozen = json.loads(publication.figures_json)
            row = rows[publication.cbs_code]
            self.assertEqual(row["versie"], str(publication.version))
            # The published CSV of the municipality, cell by cell.
            form = publication._published_form()
            for key in (*national_export.WGA_KEYS, "totaal"):
                if form[key].isdigit():
                    self.assertEqual(row[key], int(form[key]), (publication.cbs_code, key))
            values = {
                **frozen["columns"],
                "totaal": frozen["total"],
                "massameldingen": frozen["excluded"]["mass_report"],
                "niet_meegeteld": frozen["excluded"]["not_counted"],
            }
            for key, value in values.items():
                self.assertEqual(row[key], value, (publication.cbs_code, key))
                sums[key] += value
            for key, name in national_export.BREAKDOWNS:
                for label, count in frozen["breakdowns"][key]:
                    breakdowns[(name, label)] = breakdowns.get((name, label), 0) + count
        self.assertEqual(rows["GM0106"]["inwoners_in_gemeente"], 7)
        self.assertEqual(rows["GM0106"]["massameldingen"], 1)
        self.assertEqual(rows["GM0119"]["totaal"], 5)  # not the live 6
        total = next(row for row in export["gemeenten"] if row["gemeente"] == "TOTAAL")
        self.assertEqual({key: total[key] for key in sums}, sums)
        self.assertEqual(total["totaal"], 12)
        total_breakdowns = {
            (row["indeling"], row["waarde"]): row["aantal"]
            for row in export["indelingen"]
            if row["gemeente"] == "TOTAAL"
        }
        self.assertEqual(total_breakdowns, breakdowns)
        # Labels as frozen: in the language the bureau speaks to the public.
        public = self.env.company._mdd_public_lang()
        herkomst = self.herkomst.with_user(self.coordinator).with_context(lang=public).name
        self.assertEqual(total_breakdowns[("grond", herkomst)], 10)
        # The Excel file has the same rows.
        workbook = openpyxl.load_workbook(io.BytesIO(Publication._national_xlsx(YEAR)))
        sheet = workbook["Gemeenten"]
        self.assertEqual(
            [cell.value for cell in sheet[1]], list(national_export.MUNICIPALITY_HEADER)
        )
        self.assertEqual(sheet.max_row, len(export["gemeenten"]) + 1)
        # Coordinators only.
        with self.assertRaises(AccessError):
            self.env["mdd.wga.publication"].with_user(self.handler)._national_csv(YEAR)

    def test_wizard_downloads(self):
        self.publish()
        wizard = (
            self.env["mdd.wga.publication.wizard"]
            .with_user(self.coordinator)
            .create({"year": YEAR, "team_ids": [(6, 0, self.teams.ids)]})
        )
        action = wizard.action_national_csv()
        self.assertIn("landelijke_cijfers_2025.csv", action["url"])
        self.assertTrue(wizard.file_data)
        action = wizard.action_national_xlsx()
        self.assertIn("landelijke_cijfers_2025.xlsx", action["url"])
