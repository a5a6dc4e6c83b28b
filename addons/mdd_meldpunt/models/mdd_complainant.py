# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

POSTCODE = re.compile(r"^\d{4}\s?[A-Za-z]{2}$|^\d{4}$")

AGE_GROUPS = [
    ("0_15", "Under 16"),
    ("16_17", "16-17"),
    ("18_29", "18-29"),
    ("30_44", "30-44"),
    ("45_64", "45-64"),
    ("65_plus", "65 or older"),
    ("unknown", "Unknown"),
]


class MddComplainant(models.Model):
    """The person (or organisation) who reports discrimination.

    Kept out of the shared contact book on purpose: a ``res.partner`` is only
    linked when the complainant wants contact by mail or through the portal.
    """

    _name = "mdd.complainant"
    _description = "Complainant"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _rec_name = "display_name"

    name = fields.Char(tracking=True)
    anonymous = fields.Boolean(
        tracking=True,
        help="The complainant did not give a name or contact details. The "
        "report is registered, but there is no follow-up unless they come back.",
    )
    email = fields.Char()
    phone = fields.Char()
    contact_channel = fields.Selection(
        [
            ("email", "Email"),
            ("phone", "Phone"),
            ("post", "Letter"),
            ("none", "No contact"),
        ],
        string="Preferred contact",
        default="none",
    )
    postcode = fields.Char(help="Used only to establish the municipality of residence (Wga).")
    residence_municipality_id = fields.Many2one(
        "mdd.municipality", string="Municipality of residence", index=True
    )
    age_group = fields.Selection(AGE_GROUPS, string="Age group", default="unknown", required=True)
    is_minor = fields.Boolean(
        string="Under 16",
        compute="_compute_is_minor",
        store=True,
        readonly=False,
        help="Complainants under 16 need parental consent, or the report is "
        "registered anonymously.",
    )
    parental_consent = fields.Boolean(string="Parental consent")
    role = fields.Selection(
        [
            ("victim", "Victim"),
            ("witness", "Witness"),
            ("on_behalf", "On behalf of someone"),
            ("organisation", "Organisation"),
        ],
        default="victim",
        required=True,
    )
    consent_register = fields.Boolean(
        string="Consent to register",
        default=True,
        tracking=True,
        help="The complainant agrees that the report is registered (always anonymised in figures).",
    )
    # Registration consent is given by default, so is its date.
    consent_register_date = fields.Date(default=fields.Date.context_today)
    consent_contact = fields.Boolean(
        string="Consent to contact",
        tracking=True,
        help="The complainant wants to be contacted about the report.",
    )
    consent_contact_date = fields.Date()
    consent_share = fields.Boolean(
        string="Consent to share with the other party",
        tracking=True,
        help="The complainant agrees that MDD contacts the other party, e.g. "
        "for a hearing of both sides or mediation.",
    )
    consent_share_date = fields.Date()
    partner_id = fields.Many2one(
        "res.partner",
        string="Linked contact",
        help="Only when mail or portal contact is wanted.",
        ondelete="set null",
        copy=False,
        index="btree_not_null",
    )
    report_ids = fields.One2many("helpdesk.ticket", "complainant_id", string="Reports")
    report_count = fields.Integer(compute="_compute_report_count")
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    @api.depends("name", "anonymous")
    def _compute_display_name(self):
        for rec in self:
            if rec.anonymous or not rec.name:
                rec.display_name = self.env._("Anonymous complainant #%s", rec.id or "")
            else:
                rec.display_name = rec.name

    @api.depends("age_group")
    def _compute_is_minor(self):
        for rec in self:
            rec.is_minor = rec.age_group == "0_15"

    @api.depends("report_ids")
    def _compute_report_count(self):
        for rec in self:
            rec.report_count = len(rec.report_ids)

    @api.onchange("consent_register", "consent_contact", "consent_share")
    def _onchange_consent_dates(self):
        for purpose in ("register", "contact", "share"):
            if self[f"consent_{purpose}"] and not self[f"consent_{purpose}_date"]:
                self[f"consent_{purpose}_date"] = fields.Date.context_today(self)

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            self._stamp_consent_dates(vals, today)
        return super().create(vals_list)

    def write(self, vals):
        self._stamp_consent_dates(vals, fields.Date.context_today(self))
        return super().write(vals)

    @staticmethod
    def _stamp_consent_dates(vals, today):
        """Record the date a consent was given, when the caller did not."""
        for purpose in ("register", "contact", "share"):
            if vals.get(f"consent_{purpose}") and not vals.get(f"consent_{purpose}_date"):
                vals[f"consent_{purpose}_date"] = today
            elif f"consent_{purpose}" in vals and not vals[f"consent_{purpose}"]:
                vals[f"consent_{purpose}_date"] = False

    @api.constrains("postcode")
    def _check_postcode(self):
        for rec in self:
            if rec.postcode and not POSTCODE.match(rec.postcode.strip()):
                raise ValidationError(
                    self.env._(
                        "The postcode %s is not a Dutch postcode (for example 9401 AB).",
                        rec.postcode,
                    )
                )

    @api.constrains("is_minor", "parental_consent", "anonymous")
    def _check_minor(self):
        for rec in self:
            if rec.is_minor and not rec.parental_consent and not rec.anonymous:
                raise ValidationError(
                    self.env._(
                        "A complainant under 16 needs parental consent; without "
                        "it the report is registered anonymously."
                    )
                )

    @api.constrains("anonymous", "name", "email", "phone")
    def _check_anonymous(self):
        for rec in self:
            if rec.anonymous and (rec.name or rec.email or rec.phone):
                raise ValidationError(
                    self.env._(
                        "An anonymous complainant has no name, email or phone "
                        "number. Remove them, or untick Anonymous."
                    )
                )

    def action_view_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("mdd_meldpunt.action_mdd_report")
        action["domain"] = [("complainant_id", "=", self.id)]
        action["context"] = {
            "default_complainant_id": self.id,
            "mdd_report": True,
        }
        return action

    def action_create_partner(self):
        """Link a contact, needed for mail and portal follow-up.

        Case handlers may do this for the complainants they may edit, without
        the right to create or edit any contact of the shared contact book: the
        contact is created as superuser, from this complainant's data only.
        """
        self.check_access("write")
        for rec in self.filtered(lambda c: not c.partner_id and not c.anonymous):
            rec.partner_id = (
                self.env["res.partner"]
                .sudo()
                .create(
                    {
                        "name": rec.name or rec.email,
                        "email": rec.email,
                        "phone": rec.phone,
                        "type": "contact",
                    }
                )
            )
        return True
