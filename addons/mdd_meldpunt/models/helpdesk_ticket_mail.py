# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reports by email: a mail to a bureau's alias becomes a report.

The helpdesk's own mail gateway makes the sender a contact of the shared
contact book and every To/Cc address a follower. For a bureau (a team marked
as anti-discrimination bureau) this add-on instead:

* creates the report with a complainant built from the sender (name, email,
  consent to contact by mail), whose contact is hidden like the contacts of
  web-form complainants; To/Cc addresses are neither followers nor contacts;
* keeps the attachments that pass the rules of the public form, refuses the
  others and tells the sender which ones in a mail;
* acknowledges the report by mail with its number, and nothing of the mail;
* ignores auto-generated mail (auto-replies, bounces, mailing lists);
* lets a reply reach a report only when it comes from its complainant (or
  from staff who may read it); any other reply becomes a new report.

The routing decisions are taken in ``_mdd_mail_filter_routes``, called by
``mail.thread.message_route`` (see ``mail_thread.py``): a reply is routed to
its report by its References/In-Reply-To headers before ``message_new`` or
``message_update`` is called, so that is where a stranger's reply is turned
away.
"""

import ast
import logging
import os
import re

from markupsafe import Markup

from odoo import api, models
from odoo.addons.mdd_base.tools.public_input import (
    CONTROL_CHARACTERS,
    MAX_FILE_SIZE,
    MAX_FILES,
    safe_file_name,
    valid_email,
)
from odoo.osv import expression
from odoo.tools import email_normalize
from odoo.tools.mail import parse_contact_from_email

_logger = logging.getLogger(__name__)

# Headers that mark a mail as sent by a machine (RFC 3834 and common usage).
AUTOREPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder")
LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post")
BULK_PRECEDENCE = ("bulk", "list", "junk", "auto_reply")
SYSTEM_SENDERS = ("mailer-daemon", "postmaster")

# A report number in a subject: a word of letters, digits and separators.
NUMBER_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-]*[A-Za-z0-9]")
MAX_SUBJECT_TOKENS = 30
MAX_NAME = 100
MAX_SUBJECT = 200


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # Routing (called from mail.thread.message_route)
    # ------------------------------------------------------------------

    @api.model
    def _mdd_mail_is_auto_generated(self, message, message_dict):
        """Whether ``message`` was sent by a machine: an auto-reply, a bounce,
        a mailing list or bulk mail. Such mail never makes or feeds a report."""
        if message_dict.get("is_bounce"):
            return True
        auto_submitted = (message.get("Auto-Submitted") or "").strip().lower()
        if auto_submitted and not auto_submitted.startswith("no"):
            return True
        if any(message.get(header) for header in AUTOREPLY_HEADERS + LIST_HEADERS):
            return True
        if (message.get("Precedence") or "").strip().lower() in BULK_PRECEDENCE:
            return True
        if (message.get("Return-Path") or "").strip() == "<>":
            return True
        sender = email_normalize(message_dict.get("email_from") or "") or ""
        return sender.split("@", 1)[0] in SYSTEM_SENDERS

    @api.model
    def _mdd_mail_route_team(self, thread_id, custom_values, alias):
        """The bureau a route of the mail gateway goes to, if any."""
        Team = self.env["helpdesk.ticket.team"].sudo()
        if thread_id:
            report = self.sudo().browse(thread_id).exists()
            return report.team_id if report.is_mdd_report else Team
        team = Team.browse((custom_values or {}).get("team_id")).exists()
        if not team and alias and alias.alias_parent_model_id.model == Team._name:
            team = Team.browse(alias.alias_parent_thread_id).exists()
        return team if team.is_mdd_bureau else Team

    @api.model
    def _mdd_mail_reports_in_subject(self, message_dict):
        """Reports whose number is in the subject of the mail."""
        tokens = NUMBER_TOKEN.findall(message_dict.get("subject") or "")[:MAX_SUBJECT_TOKENS]
        if not tokens:
            return self.browse()
        return self.sudo().search(
            [("number", "in", tokens), ("is_mdd_report", "=", True)], order="id"
        )

    def _mdd_mail_accepts_sender(self, message_dict):
        """Whether a mail from this sender may be added to this report: only
        from its complainant's address, or from staff who may read it."""
        self.ensure_one()
        sender = email_normalize(message_dict.get("email_from") or "")
        if not sender:
            return False
        complainant = self.sudo().complainant_id
        if (
            complainant
            and not complainant.anonymous
            and email_normalize(complainant.email or "") == sender
        ):
            return True
        staff = (
            self.env["res.users"]
            .sudo()
            .search([("partner_id.email_normalized", "=", sender), ("share", "=", False)])
        )
        return any(self.with_user(user).sudo(False).has_access("read") for user in staff)

    @api.model
    def _mdd_mail_new_route(self, team, route):
        """A route that makes a new report at ``team`` (through its alias)."""
        _model, _thread_id, _custom_values, user_id, _alias = route
        alias = team.alias_id
        defaults = ast.literal_eval(alias.alias_defaults or "{}") if alias else {}
        defaults["team_id"] = team.id
        return (self._name, False, defaults, user_id, alias)

    @api.model
    def _detect_loop_sender_domain(self, email_from_normalized):
        """Reports made from mail keep the sender on the complainant, not on
        the ticket: count those too, so that the mail gateway's flood guard
        (``mail.gateway.loop.threshold`` new records per sender within
        ``mail.gateway.loop.minutes``) also holds for a bureau's alias."""
        domain = super()._detect_loop_sender_domain(email_from_normalized)
        complainant = [("complainant_id.email", "=ilike", email_from_normalized)]
        return expression.OR([domain, complainant]) if domain else complainant

    @api.model
    def _mdd_mail_filter_routes(self, message, message_dict, routes):
        """Apply the bureau's rules to the routes of an incoming mail.

        Mail to a bureau that is auto-generated is dropped; a reply (by its
        headers or by a report number in its subject) goes to the report only
        when its sender is accepted there, and otherwise makes a new report
        at the report's bureau. Routes of other models and teams are kept.
        """
        result = []
        for route in routes or []:
            model, thread_id, custom_values, user_id, alias = route
            team = (
                self._mdd_mail_route_team(thread_id, custom_values, alias)
                if model == self._name
                else None
            )
            if not team:
                result.append(route)
                continue
            # The recipients found among To/Cc are never added to a report.
            message_dict["partner_ids"] = []
            if self._mdd_mail_is_auto_generated(message, message_dict):
                _logger.info("Mail intake: auto-generated mail to bureau %s ignored", team.id)
                continue
            if thread_id:
                report = self.sudo().browse(thread_id)
                if report._mdd_mail_accepts_sender(message_dict):
                    result.append(route)
                    continue
                _logger.info(
                    "Mail intake: reply to report %s from another address: new report",
                    report.number,
                )
            else:
                accepted = self._mdd_mail_reports_in_subject(message_dict).filtered(
                    lambda r: r._mdd_mail_accepts_sender(message_dict)
                )
                if accepted:
                    result.append((model, accepted[0].id, None, user_id, alias))
                    continue
            message_dict.pop("parent_id", None)
            message_dict.pop("is_internal", None)
            result.append(self._mdd_mail_new_route(team, route) if thread_id else route)
        return result

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        values = dict(custom_values or {})
        team = self.env["helpdesk.ticket.team"].sudo().browse(values.get("team_id")).exists()
        if not team.is_mdd_bureau:
            return super().message_new(msg_dict, custom_values=custom_values)
        complainant = self._mdd_mail_new_complainant(msg_dict)
        refused = self._mdd_mail_take_attachments(msg_dict)
        subject = CONTROL_CHARACTERS.sub("", msg_dict.get("subject") or "").strip()
        values.update(
            {
                "name": subject[:MAX_SUBJECT] or self.env._("Report by email"),
                "complainant_id": complainant.id,
                "partner_id": False,
                "report_type": "melding",
                "report_source": "email",
                "channel_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email").id,
                "mdd_intake_pending": True,
            }
        )
        # No Cc to subscribe and no contact to make from the sender: the
        # helpdesk's message_new would do both.
        report = (
            super(HelpdeskTicket, self.with_context(mail_create_nosubscribe=True, mdd_report=True))
            .message_new({**msg_dict, "cc": "", "email_from": False}, custom_values=values)
            .sudo()
        )
        # The staff notification: by the job, as for the other channels.
        report._mdd_trigger_after_intake()
        if refused:
            report._mdd_mail_log_refused(refused)
        if complainant.email:
            report._mdd_mail_send("mdd_meldpunt.mail_template_mail_intake_ack", refused)
        return report

    def message_update(self, msg_dict, update_vals=None):
        reports = self.filtered("is_mdd_report")
        if not reports:
            return super().message_update(msg_dict, update_vals=update_vals)
        # The routing already sent any other sender to a new report.
        if not all(report._mdd_mail_accepts_sender(msg_dict) for report in reports):
            raise ValueError("Mail refused: the sender may not add to this report.")
        refused = self._mdd_mail_take_attachments(msg_dict)
        report = reports[:1].sudo()
        sender = email_normalize(msg_dict.get("email_from") or "")
        complainant = report.complainant_id
        from_complainant = complainant.email and email_normalize(complainant.email) == sender
        if from_complainant and complainant.partner_id:
            msg_dict["author_id"] = complainant.partner_id.id
        # Neither To nor Cc are subscribed (the helpdesk would subscribe both).
        result = super().message_update({**msg_dict, "to": "", "cc": ""}, update_vals=update_vals)
        if refused:
            report._mdd_mail_log_refused(refused)
            if from_complainant:
                report._mdd_mail_send("mdd_meldpunt.mail_template_mail_intake_refused", refused)
        return result

    @api.model
    def _mdd_mail_new_complainant(self, msg_dict):
        """The complainant of a mail to a bureau: the sender's name and
        address, consent to contact by mail, everything else unknown; with a
        contact of their own (hidden like those of web-form complainants),
        made the author of the mail."""
        name, address = parse_contact_from_email(msg_dict.get("email_from") or "")
        email = valid_email(address)
        name = CONTROL_CHARACTERS.sub("", name or "").strip()[:MAX_NAME]
        Complainant = self.env["mdd.complainant"].sudo()
        if not email:
            msg_dict["author_id"] = False
            return Complainant.create({"anonymous": True, "contact_channel": "none"})
        complainant = Complainant.create(
            {
                "name": name or False,
                "email": email,
                "anonymous": False,
                "contact_channel": "email",
                "consent_contact": True,
            }
        )
        complainant.action_create_partner()
        complainant.partner_id.lang = self._mdd_public_lang()
        # The message is the complainant's, not that of an existing contact
        # with the same address.
        msg_dict["author_id"] = complainant.partner_id.id
        return complainant

    @api.model
    def _mdd_public_lang(self):
        """The language of mails to a complainant who did not choose one:
        the language the report's bureau speaks to the public."""
        return (self[:1].company_id or self.env.company)._mdd_public_lang()

    @api.model
    def _mdd_mail_take_attachments(self, msg_dict):
        """Keep the attachments of ``msg_dict`` that the public form would
        take; return the refused ones as ``[{"name", "reason"}]``."""
        kept, refused = [], []
        for attachment in msg_dict.get("attachments") or []:
            name = safe_file_name(attachment.fname)
            data = attachment.content
            if isinstance(data, str):
                data = data.encode((attachment.info or {}).get("encoding") or "utf-8")
            reason = self._mdd_file_refusal(name, data)[0]
            if not reason and len(kept) >= MAX_FILES:
                reason = "count"
            if reason:
                refused.append({"name": name, "reason": reason})
            else:
                kept.append(attachment._replace(fname=name, content=data))
        msg_dict["attachments"] = kept
        return refused

    def _mdd_mail_log_refused(self, refused):
        """Log refused attachments: in the server log by count and file type
        only, in the chatter (for the bureau) by name."""
        self.ensure_one()
        extensions = sorted({os.path.splitext(f["name"])[1].lower() or "-" for f in refused})
        _logger.info(
            "Mail intake: %s attachment(s) refused on report %s (%s)",
            len(refused),
            self.number,
            ", ".join(extensions),
        )
        reasons = self._mdd_mail_refusal_reasons()
        items = Markup("").join(
            Markup("<li>%s: %s</li>") % (f["name"], reasons[f["reason"]]) for f in refused
        )
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (self.env._("These attachments of the mail were not taken:"), items),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
            author_id=self.env.ref("base.partner_root").id,
        )

    @api.model
    def _mdd_mail_refusal_reasons(self):
        _ = self.env._
        return {
            "size": _("larger than %(size)s MB", size=MAX_FILE_SIZE // (1024 * 1024)),
            "empty": _("empty"),
            "type": _("not a photo, PDF or text file"),
            "count": _("more than %(count)s files", count=MAX_FILES),
        }

    def _mdd_mail_send(self, template_xmlid, refused=()):
        """Send the complainant a mail of ``template_xmlid``: the number, the
        refused files if any, never anything of the mail they sent."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        for report in self:
            if not (template and report.complainant_id.partner_id.email):
                continue
            report._portal_ensure_token()
            template.sudo().with_context(mdd_refused_files=list(refused)).send_mail(
                report.id, force_send=False
            )
