# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where a report came from: its source, and the details of a referral.

The source is kept apart from the helpdesk's channel: the channel is how the
report reached the bureau (web, email, phone), the source is who or what
brought it (the complainant through one of the channels, the police, another
organisation, discriminatie.nl).
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

REPORT_SOURCES = [
    ("website", "Website"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("desk", "Desk or walk-in"),
    ("letter", "Letter"),
    ("police", "Police"),
    ("organisation", "Other organisation"),
    ("discriminatie_nl", "discriminatie.nl"),
]

# Sources that are referrals: the report was passed on to the bureau.
REFERRAL_SOURCES = ("police", "organisation", "discriminatie_nl")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    report_source = fields.Selection(
        REPORT_SOURCES,
        string="Source",
        index=True,
        tracking=True,
        help="Who or what brought the report to the bureau. Set automatically "
        "for reports sent through the website, by email or taken by phone.",
    )
    police_registration_number = fields.Char(
        string="Police registration number (BVH)",
        tracking=True,
        help="The number under which the police registered the report (BVH).",
    )
    referral_date = fields.Date(
        string="Referral date",
        tracking=True,
        help="The day the police or the other organisation passed the report on.",
    )
    referral_organisation = fields.Char(
        string="Referring organisation",
        help="The organisation that passed the report on.",
    )

    @api.onchange("report_source")
    def _onchange_report_source(self):
        if self.report_source != "police":
            self.police_registration_number = False
        if self.report_source not in REFERRAL_SOURCES:
            self.referral_date = False
            self.referral_organisation = False

    @api.constrains("referral_date")
    def _check_referral_date(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            if ticket.referral_date and ticket.referral_date > today:
                raise ValidationError(self.env._("The referral date cannot be in the future."))
