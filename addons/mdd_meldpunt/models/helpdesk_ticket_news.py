# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""News mails: the complainant hears that there is news on their report,
without the news itself.

A message of the bureau meant for the complainant (a public message, never an
internal note), or a change of stage when the complainant asked for it, marks
the report as having news. When the batching window closes, a cron sends one
mail per report, in the complainant's language: the report number and a link
(the portal for a complainant with an account, otherwise the status page with
the number only, never the receipt code). No message body, no report title, no
names, no attachment: nothing of the case sits in a mailbox.

Odoo's own notifications stay for the staff: the complainant is never a
recipient of them (see ``_notify_get_recipients``).
"""

import logging
from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.tools import email_normalize, formataddr

_logger = logging.getLogger(__name__)

NEWS_DELAY_PARAM = "mdd_meldpunt.news_mail_delay"
DEFAULT_NEWS_DELAY = 15
# Reports handled per cron run; the cron triggers itself again for the rest.
NEWS_BATCH = 200


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    mdd_news_due = fields.Datetime(
        string="News mail due",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="There is news for the complainant: the news mail goes out at "
        "this time, once for everything that happened until then.",
    )
    mdd_news_kind = fields.Selection(
        [("message", "New message"), ("stage", "Status change")],
        string="News",
        copy=False,
        readonly=True,
    )
    mdd_news_sent_date = fields.Datetime(string="Last news mail", copy=False, readonly=True)

    # ------------------------------------------------------------------
    # What is news for the complainant
    # ------------------------------------------------------------------

    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        if self.sudo().is_mdd_report and self._mdd_is_news_message(message):
            self._mdd_mark_news("message")
        return result

    def _mdd_is_news_message(self, message):
        """Whether ``message`` is a message of the bureau meant for the
        complainant: public (not an internal note), with content, by staff."""
        self.ensure_one()
        message = message.sudo()
        if message.message_type not in ("comment", "email") or message.is_internal:
            return False
        if not message.subtype_id or message.subtype_id.internal:
            return False
        if not (message.attachment_ids or (message.body and str(message.body).strip())):
            return False
        author = message.author_id
        if not author or author == self.sudo().complainant_id.partner_id:
            return False
        return bool(author.user_ids.filtered(lambda user: not user.share))

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        before = {report.id: report.stage_id for report in self.sudo()}
        result = super().write(vals)
        moved = self.sudo().filtered(
            lambda report: report.is_mdd_report and report.stage_id != before.get(report.id)
        )
        moved._mdd_mark_news("stage")
        return result

    def _mdd_mark_news(self, kind):
        """Mark news of ``kind`` (``message`` or ``stage``) for the complainant
        of each report that may get a news mail about it.

        The first news opens the batching window: what follows until the mail
        goes out is in the same mail.
        """
        now = fields.Datetime.now()
        delay = timedelta(minutes=self._mdd_news_delay())
        due_times = []
        me = self.env.user.partner_id
        for report in self.sudo():
            # Nothing to tell the complainant about what they did themselves
            # (e.g. closing their report on the portal).
            if report.complainant_id.partner_id == me:
                continue
            if not report._mdd_news_allowed(stage=kind == "stage"):
                continue
            vals = {}
            if not report.mdd_news_due:
                vals["mdd_news_due"] = now + delay
                due_times.append(vals["mdd_news_due"])
            if kind == "message" or not report.mdd_news_kind:
                vals["mdd_news_kind"] = kind
            if vals and any(report[name] != value for name, value in vals.items()):
                report.write(vals)
        cron = self.env.ref("mdd_meldpunt.ir_cron_mdd_news_mail", raise_if_not_found=False)
        if cron and due_times:
            cron.sudo()._trigger(at=sorted(set(due_times)))

    @api.model
    def _mdd_news_delay(self):
        """The batching window, in minutes (setting, default 15)."""
        value = self.env["ir.config_parameter"].sudo().get_param(NEWS_DELAY_PARAM)
        try:
            minutes = int(value) if value not in (None, False, "") else DEFAULT_NEWS_DELAY
        except (TypeError, ValueError):
            minutes = DEFAULT_NEWS_DELAY
        return max(minutes, 0)

    @api.model
    def _mdd_validate_public_complainant(self, form):
        # On the public form the complainant may ask for news mails about
        # status changes too (messages are always in, unless turned off).
        values = super()._mdd_validate_public_complainant(form)
        if not values["anonymous"] and form.values.get("news_mail_stage"):
            values["news_mail"] = "messages_stage"
        return values

    # ------------------------------------------------------------------
    # Who gets it, where it links to
    # ------------------------------------------------------------------

    def _mdd_news_allowed(self, stage=False):
        """Whether the complainant of this report gets news mails (about a
        stage change if ``stage``): consent to contact by email, not turned
        off, and a page where they can read the news."""
        self.ensure_one()
        report = self.sudo()
        person = report.complainant_id
        return bool(
            report.is_mdd_report
            and not report.mdd_anonymised
            and person
            and person._mdd_news_mail_allowed(stage=stage)
            and report._mdd_news_link()
        )

    def _mdd_news_link_kind(self):
        """Which page the news mail links to:

        - ``account``: the complainant has an account: their portal page,
          after logging in (no access token in the mail);
        - ``status``: the report was sent through the website: the status
          page with the number filled in; the receipt code is still needed
          and never in the link;
        - ``token``: neither, but the complainant was sent the personal link
          of their report before (the acknowledgement of a report by mail):
          that same link;
        - empty: there is no page where they can read the news (a report
          registered by staff for someone without an account).
        """
        self.ensure_one()
        report = self.sudo()
        partner = report.complainant_id.partner_id
        if partner and partner.user_ids:
            return "account"
        if report.mdd_receipt_hash:
            return "status"
        if partner and report.access_token:
            return "token"
        return ""

    def _mdd_news_link(self):
        """The link of the news mail (see ``_mdd_news_link_kind``)."""
        self.ensure_one()
        report = self.sudo()
        base = report.get_base_url()
        kind = report._mdd_news_link_kind()
        if kind == "account":
            return f"{base}/web/login?{url_encode({'redirect': f'/my/meldingen/{report.id}'})}"
        if kind == "status":
            return f"{base}/melden/status?{url_encode({'number': report.number})}"
        if kind == "token":
            return report._mdd_complainant_portal_url()
        return ""

    def _mdd_news_lang(self):
        """The complainant's language, else the bureau's (its website's)."""
        self.ensure_one()
        report = self.sudo()
        return report.complainant_id.partner_id.lang or report._mdd_public_lang()

    def _mdd_news_email_from(self):
        """The bureau's address, never a staff member's."""
        self.ensure_one()
        company = self.sudo().company_id or self.env.company
        if company.email:
            return company.email_formatted
        default_from = self.env["ir.mail_server"].sudo()._get_default_from_address()
        return formataddr((company.name, default_from)) if default_from else ""

    def _mdd_news_mail_state(self):
        """For the portal and status page: ``on`` when the complainant gets
        news mails, ``off`` when they turned them off, else False."""
        self.ensure_one()
        person = self.sudo().complainant_id
        if not person or person.anonymous or not person.email or not person.consent_contact:
            return False
        if person.news_mail == "off":
            return "off"
        return "on" if self._mdd_news_allowed() else False

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    @api.model
    def _mdd_cron_send_news(self):
        """Send one news mail per report whose batching window has closed."""
        Ticket = self.sudo()
        reports = Ticket.search(
            [("mdd_news_due", "!=", False), ("mdd_news_due", "<=", fields.Datetime.now())],
            order="mdd_news_due, id",
            limit=NEWS_BATCH,
        )
        template = self.env.ref("mdd_meldpunt.mail_template_news", raise_if_not_found=False)
        for report in reports:
            if not report._mdd_news_email_from():
                # Never from a person: wait until the bureau has an address.
                _logger.warning(
                    "News mail of report id %s not sent: the company has no email address.",
                    report.id,
                )
                continue
            if template and report._mdd_news_allowed(stage=report.mdd_news_kind == "stage"):
                # The message behind the mail is named after the number only,
                # not after the report's title.
                template.sudo().send_mail(
                    report.id, force_send=False, email_values={"record_name": report.number}
                )
                report.mdd_news_sent_date = fields.Datetime.now()
            report.write({"mdd_news_due": False, "mdd_news_kind": False})
        if len(reports) == NEWS_BATCH:
            self.env.ref("mdd_meldpunt.ir_cron_mdd_news_mail").sudo()._trigger()
        return True

    # ------------------------------------------------------------------
    # Odoo's notifications stay for the staff
    # ------------------------------------------------------------------

    def _mdd_complainant_contacts(self):
        """Contacts that stand for the complainant of this report: their
        linked contact, the ticket's customer and any other contact with their
        email address (never a staff member)."""
        self.ensure_one()
        report = self.sudo()
        Partner = self.env["res.partner"].sudo()
        contacts = report.complainant_id.partner_id | report.partner_id
        emails = {
            email_normalize(email)
            for email in (report.complainant_id.email, report.partner_email)
            if email and email_normalize(email)
        }
        if emails:
            contacts |= Partner.search([("email_normalized", "in", list(emails))])
        return contacts.filtered(lambda p: not p.user_ids.filtered(lambda u: not u.share))

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        # The complainant never gets the bureau's messages by mail (only the
        # news mail, without content), whoever added them as a recipient.
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        if len(self) != 1 or not self.sudo().is_mdd_report:
            return recipients
        excluded = set(self._mdd_complainant_contacts().ids)
        return [recipient for recipient in recipients if recipient["id"] not in excluded]

    def _message_get_suggested_recipients(self):
        # The chatter would suggest the ticket's customer: for a report, that
        # is the complainant. Only staff are suggested.
        recipients = super()._message_get_suggested_recipients()
        if not self.sudo().is_mdd_report:
            return recipients
        Partner = self.env["res.partner"].sudo()
        return [
            recipient
            for recipient in recipients
            if recipient.get("partner_id")
            and Partner.browse(recipient["partner_id"]).user_ids.filtered(lambda u: not u.share)
        ]
