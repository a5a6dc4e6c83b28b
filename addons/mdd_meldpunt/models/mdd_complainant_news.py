# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complainant's choice of news mails: mails without content that tell
them there is news on their report (see helpdesk_ticket_news.py)."""

from odoo import api, fields, models

NEWS_MAIL_CHOICES = [
    ("messages", "New messages"),
    ("messages_stage", "New messages and status changes"),
    ("off", "Off"),
]


class MddComplainant(models.Model):
    _inherit = "mdd.complainant"

    news_mail = fields.Selection(
        NEWS_MAIL_CHOICES,
        string="News mails",
        default="messages",
        required=True,
        tracking=True,
        help="A mail without any content of the case (no message, no names) "
        "that tells the complainant there is news on their report, with a "
        "link to the portal or the status page. Sent only with consent to "
        "contact by email. The complainant can turn it off on the portal or "
        "the status page.",
    )
    news_mail_date = fields.Date(
        string="News mails chosen on",
        help="When the complainant last chose (or turned off) the news mails.",
    )
    news_mail_allowed = fields.Boolean(
        string="Gets news mails",
        compute="_compute_news_mail_allowed",
        help="Consent to contact by email, an email address, not anonymous "
        "and news mails not turned off.",
    )

    @api.depends("news_mail", "anonymous", "consent_contact", "contact_channel", "email")
    def _compute_news_mail_allowed(self):
        for rec in self:
            rec.news_mail_allowed = rec._mdd_news_mail_allowed()

    def _mdd_news_mail_allowed(self, stage=False):
        """Whether the complainant gets news mails (about a stage change if
        ``stage``): only with consent to contact by email, at their own address."""
        self.ensure_one()
        person = self.sudo()
        wanted = ("messages_stage",) if stage else ("messages", "messages_stage")
        return bool(
            not person.anonymous
            and not person.mdd_anonymised
            and person.consent_contact
            and person.contact_channel == "email"
            and person.email
            and person.news_mail in wanted
        )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            vals.setdefault("news_mail_date", today)
        return super().create(vals_list)

    def write(self, vals):
        if "news_mail" in vals and "news_mail_date" not in vals:
            vals["news_mail_date"] = fields.Date.context_today(self)
        return super().write(vals)

    def _mdd_turn_off_news_mail(self, source):
        """The complainant turns the news mails off.

        The change of consent is recorded with its date, and noted in the
        complainant's chatter (staff only).

        :param source: ``"portal"`` or ``"status_page"``, where they did it
        """
        _ = self.env._
        if source == "portal":
            note = _("The complainant turned off the news mails on the portal.")
        else:
            note = _("The complainant turned off the news mails on the status page.")
        for person in self.sudo().filtered(lambda c: c.news_mail != "off"):
            person.write({"news_mail": "off"})
            person.message_post(
                body=note,
                message_type="notification",
                subtype_xmlid="mail.mt_note",
                author_id=self.env.ref("base.partner_root").id,
            )
        return True
