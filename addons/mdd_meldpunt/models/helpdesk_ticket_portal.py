# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A report as its complainant sees it: the portal, the messages meant for
them, their own messages, and a chatter that keeps the bureau's data for the
bureau."""

import logging

from odoo import fields, models
from odoo.addons.mdd_base.tools.public_input import PublicInput, PublicInputError
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

from ..tools.public_report import MAX_MESSAGE

_logger = logging.getLogger(__name__)

# Chatter data that only the bureau's staff get for a report.
STAFF_THREAD_DATA = ("followers", "suggestedRecipients", "activities", "scheduledMessages")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    mdd_complainant_partner_id = fields.Many2one(
        "res.partner",
        string="Complainant's contact",
        related="complainant_id.partner_id",
        store=True,
        index="btree_not_null",
        help="Technical: lets the record rules give a complainant's portal "
        "account access to their reports without reading the complainant.",
    )

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ticket in self.filtered("is_mdd_report"):
            ticket.access_url = f"/my/meldingen/{ticket.id}"
        return res

    def _mdd_complainant_portal_url(self):
        """Portal address of the report for its complainant (with access token)."""
        self.ensure_one()
        pid = self.sudo().complainant_id.partner_id.id or None
        return self.get_base_url() + self.sudo()._get_share_url(pid=pid)

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Never make the complainant a follower of their report.

        Followers get the messages by email, and mails to complainants carry
        no details of the case: they follow it on the portal or status page.
        """
        if partner_ids and any(self.mapped("is_mdd_report")):
            excluded = self.sudo().complainant_id.partner_id.ids
            partner_ids = [pid for pid in partner_ids if pid not in excluded]
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    # ------------------------------------------------------------------
    # Chatter data (/mail/thread/data) for people outside the bureau
    # ------------------------------------------------------------------

    def _mdd_is_handled_by_current_user(self):
        """Whether the current user is staff who may read this report."""
        self.ensure_one()
        return self.env.user._is_internal() and self.sudo(False).has_access("read")

    def _get_mail_thread_data_attachments(self):
        # Whoever opens a report with its access token (the link in our mails)
        # sees the files of the messages meant for the complainant, never
        # those of internal notes nor the bureau's own files.
        if self.is_mdd_report and not self._mdd_is_handled_by_current_user():
            return self._mdd_complainant_messages().attachment_ids
        return super()._get_mail_thread_data_attachments()

    def _thread_to_store(self, store, /, *, fields=None, request_list=None):
        # Followers (staff names and emails), activities and the like are for
        # the bureau only.
        if request_list and any(
            report.is_mdd_report and not report._mdd_is_handled_by_current_user() for report in self
        ):
            request_list = [item for item in request_list if item not in STAFF_THREAD_DATA]
        return super()._thread_to_store(store, fields=fields, request_list=request_list)

    # ------------------------------------------------------------------
    # Messages between the bureau and the complainant
    # ------------------------------------------------------------------

    def _mdd_complainant_messages(self):
        """Messages meant for the complainant: public messages, no notes."""
        self.ensure_one()
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("message_type", "in", ("comment", "email")),
                    ("is_internal", "=", False),
                    ("subtype_id", "!=", False),
                    ("subtype_id.internal", "=", False),
                ],
                order="date asc, id asc",
            )
        )
        return messages.filtered(lambda m: m.attachment_ids or (m.body and str(m.body).strip()))

    def _mdd_is_complainant_message(self, message):
        """Whether the complainant wrote ``message`` (or an anonymous visitor)."""
        self.ensure_one()
        authors = self.sudo().complainant_id.partner_id | self.env.ref("base.public_partner")
        return bool(message.author_id) and message.author_id in authors

    def _mdd_post_from_complainant(self, body, files=()):
        """Add a message (and files) from the complainant to the report.

        :raises PublicInputError: with the errors per form field
        """
        self.ensure_one()
        form = PublicInput(self.env, {"message": body})
        body = form.text("message", MAX_MESSAGE)
        checked = self._mdd_check_files(files, form, key="message_attachments")
        if not body and not checked and not form.errors:
            form.error("message", self.env._("Please write a message or add a file."))
        form.check()
        report = self.sudo().with_context(
            mail_create_nosubscribe=True,
            mail_post_autofollow=False,
            mail_notify_force_send=False,
        )
        author = report.complainant_id.partner_id or self.env.ref("base.public_partner")
        try:
            with self.env.cr.savepoint():
                message = report.message_post(
                    body=plaintext2html(body) if body else "",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    author_id=author.id,
                    email_from=False,
                    attachments=[(name, data) for name, data, _mimetype in checked],
                )
        except (ValidationError, UserError) as exc:
            _logger.info("Complainant message refused: %s", exc)
            raise PublicInputError(
                {"message": self.env._("Your message could not be saved. Please try again.")}
            ) from exc
        return message
