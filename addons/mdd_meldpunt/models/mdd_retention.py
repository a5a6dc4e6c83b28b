# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

RETENTION_PARAM = "mdd_meldpunt.retention_years"
DEFAULT_RETENTION_YEARS = 5
BATCH_SIZE = 200


class MddRetention(models.AbstractModel):
    """Removal of personal data from reports after the retention period.

    What is removed or pseudonymised: the complainant's name, email, phone and
    postcode and their linked contact; the free text of the report (title,
    description, internal notes, place, other party); the bodies, subjects
    and mails of the messages of the report and of the complainant, their
    tracking values, activities and all attachments. What stays: the
    registration the figures are made of (dates, municipalities, grounds,
    domain, manifestations, type, outcome, incident, counted flag, team and
    stage), so that the yearly figures are the same before and after.

    Every step is idempotent; the log gets counts only, never personal data.
    """

    _name = "mdd.retention"
    _description = "Retention of personal data in reports"

    # ------------------------------------------------------------------
    # Selection
    # ------------------------------------------------------------------

    @api.model
    def _mdd_retention_years(self):
        raw = self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAM)
        try:
            years = int(raw) if raw else DEFAULT_RETENTION_YEARS
        except ValueError:
            years = DEFAULT_RETENTION_YEARS
        return max(years, 1)

    @api.model
    def _mdd_retention_limit(self, years=None):
        """Reports closed before this moment have expired.

        :param years: a retention period to try; default the current setting
        """
        now = fields.Datetime.now()
        years = years or self._mdd_retention_years()
        try:
            return now.replace(year=now.year - years)
        except ValueError:  # 29 February
            return (now - timedelta(days=1)).replace(year=now.year - years)

    @api.model
    def _mdd_expired_domain(self, years=None):
        return [
            ("is_mdd_report", "=", True),
            ("mdd_anonymised", "=", False),
            ("stage_id.closed", "=", True),
            ("closed_date", "!=", False),
            ("closed_date", "<", self._mdd_retention_limit(years)),
        ]

    @api.model
    def _mdd_expired_reports(self, limit=None, years=None):
        Ticket = self.env["helpdesk.ticket"].sudo().with_context(active_test=False)
        return Ticket.search(self._mdd_expired_domain(years), limit=limit, order="closed_date, id")

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def _mdd_dry_run(self, years=None):
        """Counts of what the next runs would do; changes nothing.

        :param years: a retention period to try; default the current setting
        """
        years = years or self._mdd_retention_years()
        reports = self._mdd_expired_reports(years=years)
        complainants = self._mdd_complainants_to_erase(reports)
        messages = self._mdd_messages(reports, complainants)
        return {
            "years": years,
            "reports": len(reports),
            "complainants": len(complainants),
            "contacts": len(complainants.partner_id),
            "messages": len(messages),
            "attachments": len(self._mdd_attachments(reports, complainants, messages)),
        }

    @api.model
    def _mdd_cron_retention(self, batch_size=BATCH_SIZE):
        """Anonymise one batch of expired reports; re-trigger while more remain."""
        reports = self._mdd_expired_reports(limit=batch_size)
        counts = self._mdd_anonymise_reports(reports)
        if len(reports) == batch_size:
            cron = self.env.ref("mdd_meldpunt.ir_cron_mdd_retention", raise_if_not_found=False)
            if cron:
                cron._trigger()
        return counts

    @api.model
    def _mdd_anonymise_reports(self, reports):
        """Anonymise ``reports``, and the complainants who have no other report.

        :return: dict of counts
        """
        reports = reports.sudo().filtered(lambda r: r.is_mdd_report and not r.mdd_anonymised)
        return self._mdd_anonymise(reports, self._mdd_complainants_to_erase(reports))

    @api.model
    def _mdd_anonymise(self, reports, complainants):
        """Anonymise ``reports`` and ``complainants`` (skipping those done)."""
        context = {"active_test": False, "tracking_disable": True, "mail_notrack": True}
        reports = (
            reports.sudo()
            .with_context(**context)
            .filtered(lambda r: r.is_mdd_report and not r.mdd_anonymised)
        )
        complainants = (
            complainants.sudo().with_context(**context).filtered(lambda c: not c.mdd_anonymised)
        )
        messages = self._mdd_messages(reports, complainants)
        attachments = self._mdd_attachments(reports, complainants, messages)
        counts = {
            "reports": len(reports),
            "complainants": len(complainants),
            "contacts": len(complainants.partner_id),
            "messages": len(messages),
            "attachments": len(attachments),
        }
        if not reports and not complainants:
            return counts
        partners = complainants.partner_id
        self._mdd_clean_messages(messages)
        attachments.unlink()
        self.env["mail.activity"].sudo().search(
            self._mdd_records_domain("res_model", reports, complainants)
        ).unlink()
        self._mdd_clean_reports(reports, partners)
        self._mdd_clean_complainants(complainants)
        self._mdd_clean_partners(partners)
        _logger.info(
            "Retention: anonymised %(reports)s reports, %(complainants)s "
            "complainants, %(contacts)s contacts, %(messages)s messages, "
            "%(attachments)s attachments",
            counts,
        )
        return counts

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _mdd_records_domain(self, model_field, reports, complainants):
        """Rows (messages, attachments, activities) of these reports and complainants."""
        return [
            "|",
            "&",
            (model_field, "=", "helpdesk.ticket"),
            ("res_id", "in", reports.ids),
            "&",
            (model_field, "=", "mdd.complainant"),
            ("res_id", "in", complainants.ids),
        ]

    @api.model
    def _mdd_complainants_to_erase(self, reports):
        """Complainants all of whose reports are anonymised or in ``reports``."""
        complainants = reports.sudo().with_context(active_test=False).complainant_id
        return complainants.filtered(
            lambda c: (
                not (c.with_context(active_test=False).report_ids - reports).filtered(
                    lambda r: not r.mdd_anonymised
                )
                and not c.mdd_anonymised
            )
        )

    @api.model
    def _mdd_messages(self, reports, complainants):
        return (
            self.env["mail.message"]
            .sudo()
            .search(self._mdd_records_domain("model", reports, complainants))
        )

    @api.model
    def _mdd_attachments(self, reports, complainants, messages):
        Attachment = self.env["ir.attachment"].sudo()
        return (
            Attachment.search(self._mdd_records_domain("res_model", reports, complainants))
            | messages.attachment_ids
        )

    @api.model
    def _mdd_clean_messages(self, messages):
        messages = messages.sudo()
        messages.tracking_value_ids.unlink()
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)])
        mails.write(
            {
                "body_html": False,
                "email_to": False,
                "email_cc": False,
                "headers": False,
                "references": False,
            }
        )
        messages.write(
            {
                "body": "",
                "subject": False,
                "record_name": False,
                "email_from": False,
                "reply_to": False,
                "attachment_ids": [(5, 0, 0)],
            }
        )

    @api.model
    def _mdd_placeholder(self):
        return self.env._("Anonymised")

    @api.model
    def _mdd_clean_reports(self, reports, partners):
        placeholder = self._mdd_placeholder()
        # The follower records of the complainant's contact go with it.
        self.env["mail.followers"].sudo().search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "in", reports.ids),
                ("partner_id", "in", partners.ids),
            ]
        ).unlink()
        reports.action_ids.sudo().write({"result": False, "note": False})
        reports.write(
            {
                "name": placeholder,
                "description": Markup("<p>%s</p>") % placeholder,
                "notes": False,
                "other_party_name": False,
                "incident_place": False,
                "police_registration_number": False,
                "partner_id": False,
                "partner_name": False,
                "partner_email": False,
                "mdd_receipt_hash": False,
                "mdd_anonymised": True,
                "mdd_anonymised_date": fields.Datetime.now(),
            }
        )

    @api.model
    def _mdd_clean_complainants(self, complainants):
        complainants.write(
            {
                "name": False,
                "email": False,
                "phone": False,
                "postcode": False,
                "anonymous": True,
                "partner_id": False,
                "mdd_anonymised": True,
                "mdd_anonymised_date": fields.Datetime.now(),
            }
        )

    @api.model
    def _mdd_clean_partners(self, partners):
        """Remove the complainants' contacts, or anonymise those still in use.

        A contact of a portal account is anonymised and its account archived;
        a contact of an internal user (staff) is only unlinked, never changed.
        """
        partners = partners.sudo().with_context(active_test=False).exists()
        users = partners.user_ids
        staff_partners = users.filtered(lambda u: not u.share).partner_id
        partners -= staff_partners
        portal_users = users.filtered(lambda u: u.share and u.partner_id in partners)
        portal_users.write({"active": False})
        for partner in partners:
            self._mdd_clean_partner_thread(partner)
            if not portal_users.filtered(lambda u, p=partner: u.partner_id == p):
                try:
                    with self.env.cr.savepoint():
                        partner.unlink()
                    continue
                except Exception:  # pylint: disable=broad-except
                    # Still referenced elsewhere: anonymise instead.
                    _logger.info("Retention: a contact is still referenced; anonymised")
            self._mdd_anonymise_partner(partner)
        for user in portal_users:
            user.write({"login": f"anonymised-{user.id}", "signature": False})

    @api.model
    def _mdd_clean_partner_thread(self, partner):
        """The contact's own chatter and files, which outlive its deletion."""
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
        ).unlink()
        messages.attachment_ids.unlink()
        self._mdd_clean_messages(messages)

    @api.model
    def _mdd_anonymise_partner(self, partner):
        partner.with_context(active_test=True).write(
            {
                "name": self._mdd_placeholder(),
                "email": False,
                "phone": False,
                "mobile": False,
                "street": False,
                "street2": False,
                "zip": False,
                "city": False,
                "comment": False,
                "website": False,
                "vat": False,
                "function": False,
                "image_1920": False,
                "active": False,
            }
        )
