# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Mail to the bureaus' aliases (meldpunt, meldpunt-emmen) becomes a report
of that bureau, acknowledged in Dutch."""

from email.message import EmailMessage

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestBureauAliases(TransactionCase):
    def test_aliases_make_reports_of_their_bureau(self):
        domain = self.env["mail.alias.domain"].search([], limit=1) or self.env[
            "mail.alias.domain"
        ].create({"name": "meldpunt-drenthe.test"})
        self.env.company.email = self.env.company.email or "info@meldpunt-drenthe.test"
        for xmlid, local in (("team_mdd", "meldpunt"), ("team_emmen", "meldpunt-emmen")):
            with self.subTest(alias=local):
                team = self.env.ref(f"mdd_profile_drenthe.{xmlid}")
                team.alias_id.alias_domain_id = domain
                msg = EmailMessage()
                msg["From"] = f"Melder {local} <melder.{local}@example.org>"
                msg["To"] = f"{local}@{domain.name}"
                msg["Subject"] = "Melding"
                msg["Message-ID"] = f"<profile-alias-{local}@example.org>"
                msg.set_content("MDD-ALIAS-BODY: wat er gebeurde.")
                report_id = self.env["mail.thread"].message_process(None, msg.as_bytes())
                report = self.env["helpdesk.ticket"].browse(report_id)
                self.assertEqual(report.team_id, team)
                self.assertEqual(report.report_source, "email")
                partner = report.complainant_id.partner_id
                self.assertEqual(partner.lang, "nl_NL")
                ack = self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])
                self.assertEqual(len(ack), 1)
                self.assertEqual(ack.subject, f"We hebben je melding {report.number} ontvangen")
                self.assertIn("Bedankt voor je e-mail", str(ack.body_html))
                self.assertNotIn("MDD-ALIAS-BODY", str(ack.body_html))

    def test_intake_channels_in_dutch(self):
        names = {
            xmlid: self.env.ref(f"helpdesk_mgmt.helpdesk_ticket_channel_{xmlid}")
            .with_context(lang="nl_NL")
            .name
            for xmlid in ("web", "phone")
        }
        self.assertEqual(names, {"web": "Website", "phone": "Telefoon"})
