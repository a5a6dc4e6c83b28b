# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import html2plaintext

POSTCODE = re.compile(r"^\d{4}\s?[A-Za-z]{2}$|^\d{4}$")

COORDINATOR_GROUP = "mdd_meldpunt.group_mdd_manager"

# What the export holds, per model: every field with personal or case data.
EXPORT_FIELDS = {
    "mdd.complainant": [
        "name",
        "anonymous",
        "email",
        "phone",
        "contact_channel",
        "postcode",
        "residence_municipality_id",
        "age_group",
        "is_minor",
        "parental_consent",
        "role",
        "consent_register",
        "consent_register_date",
        "consent_contact",
        "consent_contact_date",
        "consent_share",
        "consent_share_date",
        "news_mail",
        "news_mail_date",
        "create_date",
    ],
    "res.partner": ["name", "email", "phone", "street", "zip", "city"],
    "helpdesk.ticket": [
        "number",
        "name",
        "description",
        "report_type",
        "team_id",
        "stage_id",
        "create_date",
        "closed_date",
        "incident_date",
        "incident_municipality_id",
        "incident_location_na",
        "incident_place",
        "residence_municipality_id",
        "ground_ids",
        "domain_id",
        "manifestation_ids",
        "other_party_name",
        "other_party_type",
        "report_source",
        "police_registration_number",
        "referral_date",
        "referral_organisation",
        "outcome_id",
        "partner_name",
        "partner_email",
    ],
    "mdd.report.action": ["date", "type_id", "result", "note"],
}

# Fields that identify the complainant: reading or exporting one is logged
# in the access log (mdd.access.log).
IDENTITY_FIELDS = {"name", "display_name", "email", "phone", "postcode", "partner_id"}

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
    _inherit = ["mail.thread", "mail.activity.mixin", "mdd.identity.access.mixin"]
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
    mdd_anonymised = fields.Boolean(
        string="Anonymised",
        readonly=True,
        copy=False,
        index=True,
        help="The personal data of this complainant were removed after the "
        "retention period or on request.",
    )
    mdd_anonymised_date = fields.Datetime(string="Anonymised on", readonly=True, copy=False)

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

    # ------------------------------------------------------------------
    # Access log: each opening and export of a complainant's identity
    # ------------------------------------------------------------------

    def _mdd_identity_opened(self, specification):
        """Opening one complainant (the form) is logged; lists are not."""
        if IDENTITY_FIELDS.intersection(specification):
            self.env["mdd.access.log"]._mdd_log("identity_opened", self)

    def _mdd_identity_exported(self, roots):
        """An export of identity fields (list view > Export) is logged."""
        if IDENTITY_FIELDS.intersection(roots):
            self.env["mdd.access.log"]._mdd_log("data_exported", self)

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

    # ------------------------------------------------------------------
    # Data-subject rights (AVG/GDPR articles 15 and 17)
    # ------------------------------------------------------------------

    def _mdd_check_coordinator(self):
        if not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(
                self.env._("Only coordinators may export or erase the data of a complainant.")
            )
        self.check_access("read")

    @api.model
    def _mdd_export_value(self, record, name):
        field = record._fields[name]
        value = record[name]
        if field.type in ("many2one", "many2many", "one2many"):
            return value.mapped("display_name")
        if field.type == "html":
            return html2plaintext(value or "")
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value) or ""
        if field.type in ("date", "datetime"):
            return fields.Datetime.to_string(value) if value else None
        return value

    @api.model
    def _mdd_export_record(self, record):
        record = record.sudo()
        return {
            record._fields[name].get_description(self.env)["string"]: self._mdd_export_value(
                record, name
            )
            for name in EXPORT_FIELDS[record._name]
        }

    @api.model
    def _mdd_export_thread(self, record):
        record = record.sudo()
        messages = record.message_ids.filtered(lambda m: m.body or m.subject)
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", record._name), ("res_id", "=", record.id)])
        )
        return {
            "messages": [
                {
                    "date": fields.Datetime.to_string(message.date),
                    "author": message.author_id.display_name or message.email_from or "",
                    "subject": message.subject or "",
                    "body": html2plaintext(message.body or ""),
                }
                for message in messages.sorted("date")
            ],
            "attachments": [
                {"name": a.name, "mimetype": a.mimetype, "size": a.file_size}
                for a in (attachments | messages.attachment_ids)
            ],
        }

    def _mdd_export_data(self):
        """All data held about this complainant, as plain data for JSON.

        Coordinators only. The export itself is logged in the chatter and in
        the access log, with no personal data.
        """
        self.ensure_one()
        self._mdd_check_coordinator()
        person = self.sudo()
        data = {
            "complainant": self._mdd_export_record(person),
            "contact": self._mdd_export_record(person.partner_id) if person.partner_id else None,
            **self._mdd_export_thread(person),
            "reports": [
                {
                    "report": self._mdd_export_record(report),
                    "actions": [self._mdd_export_record(a) for a in report.action_ids],
                    **self._mdd_export_thread(report),
                }
                for report in person.with_context(active_test=False).report_ids
            ],
        }
        person.message_post(
            body=self.env._(
                "The personal data of this complainant were exported (access request)."
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        self.env["mdd.access.log"]._mdd_log("data_exported", self)
        return data

    def action_mdd_export_data(self):
        self.ensure_one()
        self._mdd_check_coordinator()
        return {
            "type": "ir.actions.act_url",
            "url": f"/mdd/complainant/{self.id}/export",
            "target": "new",
        }

    def action_mdd_erase_data(self):
        """Erase the personal data of the complainant on request.

        The same pseudonymisation as after the retention period, for all their
        reports, also those not closed: they keep their stage and registration
        (closing them would need an outcome the bureau may not have), and the
        bureau can still finish them, without personal data.
        """
        self._mdd_check_coordinator()
        Retention = self.env["mdd.retention"]
        for person in self.sudo():
            reports = person.with_context(active_test=False).report_ids
            counts = Retention._mdd_anonymise(reports, person)
            person.message_post(
                body=self.env._(
                    "The personal data of this complainant and of %(reports)s "
                    "report(s) were erased on request.",
                    reports=counts["reports"],
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        self.env["mdd.access.log"]._mdd_log("data_erased", self)
        return True
