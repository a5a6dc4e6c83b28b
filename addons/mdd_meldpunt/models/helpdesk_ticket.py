# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
import logging
import os
import re
import secrets

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from ..tools.public_report import (
    ACCEPT_ATTRIBUTE,
    ALLOWED_FILE_TYPES,
    CONTACT_CHANNELS,
    CONTROL_CHARACTERS,
    LOCATION_ONLINE,
    LOCATION_OTHER,
    MAX_DESCRIPTION,
    MAX_FILE_SIZE,
    MAX_FILES,
    MAX_MESSAGE,
    OLDEST_INCIDENT,
    PHONE,
    RECEIPT_ALPHABET,
    RECEIPT_ITERATIONS,
    RECEIPT_LENGTH,
    RECEIPT_SCHEME,
    RESIDENCE_ABROAD,
    RESIDENCE_OTHER,
    ROLES,
    MddPublicReportInvalid,
    PublicInput,
    safe_file_name,
    valid_email,
)
from .mdd_complainant import AGE_GROUPS, POSTCODE

_logger = logging.getLogger(__name__)

OTHER_PARTY_TYPES = [
    ("person", "Private person"),
    ("employer", "Employer or colleague"),
    ("company", "Company or shop"),
    ("hospitality", "Hospitality business"),
    ("landlord", "Landlord or housing association"),
    ("school", "School or educational institution"),
    ("government", "Government body"),
    ("police", "Police or enforcement"),
    ("media", "Media or online platform"),
    ("unknown", "Unknown"),
    ("other", "Other"),
]


# Chatter data that only the bureau's staff get for a report.
STAFF_THREAD_DATA = ("followers", "suggestedRecipients", "activities", "scheduledMessages")


class HelpdeskTicket(models.Model):
    """A discrimination report is a ticket of an anti-discrimination bureau."""

    _inherit = "helpdesk.ticket"

    is_mdd_report = fields.Boolean(
        string="Discrimination report",
        related="team_id.is_mdd_bureau",
        store=True,
        index=True,
    )
    report_type = fields.Selection(
        [("klacht", "Complaint (klacht)"), ("melding", "Report only (melding)")],
        string="Type of report",
        default="melding",
        tracking=True,
        help="A complaint is a report on which the bureau takes action with the "
        "complainant; a report only is registered and counted.",
    )
    complainant_id = fields.Many2one(
        "mdd.complainant", index=True, tracking=True, ondelete="restrict"
    )
    incident_date = fields.Date(string="Date of incident", tracking=True)
    incident_municipality_id = fields.Many2one(
        "mdd.municipality",
        string="Municipality of incident",
        index=True,
        tracking=True,
    )
    incident_location_na = fields.Boolean(
        string="Location not applicable",
        help="The incident has no place in a municipality: online, national media, or similar.",
    )
    incident_place = fields.Char(string="Place or address")
    residence_municipality_id = fields.Many2one(
        "mdd.municipality",
        string="Municipality of residence",
        compute="_compute_residence_municipality_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    ground_ids = fields.Many2many("mdd.ground", string="Grounds")
    domain_id = fields.Many2one("mdd.domain", index=True)
    manifestation_ids = fields.Many2many("mdd.manifestation", string="Manifestations")
    incident_id = fields.Many2one("mdd.incident", index=True)
    other_party_name = fields.Char(string="Other party")
    other_party_type = fields.Selection(OTHER_PARTY_TYPES, string="Type of other party")
    action_ids = fields.One2many("mdd.report.action", "report_id", string="Actions")
    outcome_id = fields.Many2one("mdd.outcome", tracking=True)
    counts_in_figures = fields.Boolean(
        string="Counts in municipal figures",
        default=True,
        tracking=True,
        help="Untick for reports that must not count in the Wga figures, e.g. "
        "duplicates. Reports of a mass-report incident are left out anyway.",
    )
    registration_complete = fields.Boolean(compute="_compute_registration_complete", store=True)
    registration_missing = fields.Char(
        string="Missing for registration",
        compute="_compute_registration_complete",
        store=True,
    )
    action_time_total = fields.Float(string="Time spent", compute="_compute_action_time_total")
    mdd_anonymised = fields.Boolean(
        string="Anonymised",
        readonly=True,
        copy=False,
        index=True,
        help="The personal data of this report were removed after the "
        "retention period or on request; the registration stays for the figures.",
    )
    mdd_anonymised_date = fields.Datetime(string="Anonymised on", readonly=True, copy=False)

    @api.depends("complainant_id")
    def _compute_residence_municipality_id(self):
        for ticket in self:
            if ticket.complainant_id.residence_municipality_id:
                ticket.residence_municipality_id = ticket.complainant_id.residence_municipality_id

    @api.depends(
        "ground_ids",
        "domain_id",
        "manifestation_ids",
        "incident_municipality_id",
        "incident_location_na",
    )
    def _compute_registration_complete(self):
        for ticket in self:
            missing = ticket._mdd_missing_registration()
            ticket.registration_complete = not missing
            ticket.registration_missing = ", ".join(missing)

    @api.depends("action_ids.time_spent")
    def _compute_action_time_total(self):
        for ticket in self:
            ticket.action_time_total = sum(ticket.action_ids.mapped("time_spent"))

    def _mdd_missing_registration(self):
        """Names of the parts of the registration standard still missing."""
        self.ensure_one()
        _ = self.env._
        missing = []
        if not self.ground_ids:
            missing.append(_("a ground"))
        if not self.domain_id:
            missing.append(_("a domain"))
        if not self.manifestation_ids:
            missing.append(_("a manifestation"))
        if not self.incident_municipality_id and not self.incident_location_na:
            missing.append(_("the municipality of the incident (or not applicable)"))
        return missing

    # ------------------------------------------------------------------
    # Routing
    # ------------------------------------------------------------------

    @api.model
    def _mdd_route_team(self, residence, incident_municipality):
        """The bureau that handles a report.

        The complainant's municipality of residence decides (so Emmen residents
        go to Meldpunt Discriminatie Emmen wherever it happened); when it is
        unknown or has no bureau, the municipality of the incident; else MDD.
        Which bureau handles a municipality is configuration on the municipality.
        """
        for municipality in (residence, incident_municipality):
            if municipality.team_id:
                return municipality.team_id
        return self.env.ref("mdd_meldpunt.team_mdd")

    @api.model_create_multi
    def create(self, vals_list):
        Municipality = self.env["mdd.municipality"]
        for vals in vals_list:
            is_report = self.env.context.get("mdd_report") or vals.get("complainant_id")
            if is_report and not vals.get("team_id"):
                residence = Municipality.browse(vals.get("residence_municipality_id"))
                if not residence and vals.get("complainant_id"):
                    residence = (
                        self.env["mdd.complainant"]
                        .browse(vals["complainant_id"])
                        .residence_municipality_id
                    )
                team = self._mdd_route_team(
                    residence, Municipality.browse(vals.get("incident_municipality_id"))
                )
                vals["team_id"] = team.id
            self._mdd_auto_assign(vals)
        return super().create(vals_list)

    def _mdd_auto_assign(self, vals):
        """Assign a new report to its creator only if they work at its bureau.

        The helpdesk's auto-assignment would give any new ticket to whoever
        creates it: the public visitor for a report from the website, or a
        handler of the other bureau for a report routed away from them.
        """
        team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
        if (
            "user_id" in vals
            or "default_user_id" in self.env.context
            or not team.sudo().is_mdd_bureau
        ):
            return
        company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
        member = self.env.user in team.sudo().user_ids
        vals["user_id"] = (
            self.env.user.id
            if member and company.sudo().helpdesk_mgmt_ticket_auto_assign
            else False
        )

    @api.model
    def default_get(self, fields_list):
        """A report registered in the backend starts at the user's bureau.

        Routing (on entering the municipalities) may then move it on.
        """
        defaults = super().default_get(fields_list)
        if (
            self.env.context.get("mdd_report")
            and "team_id" in fields_list
            and not defaults.get("team_id")
        ):
            bureaus = self.env.user.helpdesk_team_ids.filtered("is_mdd_bureau")
            defaults["team_id"] = (bureaus[:1] or self.env.ref("mdd_meldpunt.team_mdd")).id
        return defaults

    def write(self, vals):
        if "team_id" in vals and any(self.mapped("is_mdd_report")):
            team = self.env["helpdesk.ticket.team"].browse(vals["team_id"])
            if not team.sudo().is_mdd_bureau:
                raise UserError(
                    self.env._(
                        "A discrimination report stays with an anti-discrimination "
                        "bureau: it can only be moved to another bureau."
                    )
                )
        return super().write(vals)

    @api.onchange("residence_municipality_id", "incident_municipality_id")
    def _onchange_mdd_route(self):
        is_report = self.is_mdd_report or self.env.context.get("mdd_report")
        # Nothing to route on yet: keep the bureau the report started at.
        known = self.residence_municipality_id or self.incident_municipality_id
        if is_report and not self._origin.id and known:
            self.team_id = self._mdd_route_team(
                self.residence_municipality_id, self.incident_municipality_id
            )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        if self.env.context.get("mdd_report"):
            return stages.search([("is_mdd_stage", "=", True)])
        return super()._read_group_stage_ids(stages, domain)

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------

    @api.constrains(
        "stage_id",
        "outcome_id",
        "ground_ids",
        "domain_id",
        "manifestation_ids",
        "incident_municipality_id",
        "incident_location_na",
    )
    def _check_mdd_closing(self):
        for ticket in self.filtered(lambda t: t.is_mdd_report and t.stage_id.closed):
            missing = ticket._mdd_missing_registration()
            if not ticket.outcome_id:
                missing.insert(0, self.env._("an outcome"))
            if missing:
                raise ValidationError(
                    self.env._(
                        "Report %(number)s cannot be closed yet. Still missing: %(missing)s.",
                        number=ticket.number,
                        missing=", ".join(missing),
                    )
                )

    @api.constrains("stage_id", "team_id")
    def _check_mdd_stage(self):
        for ticket in self.filtered(lambda t: t.is_mdd_report and t.stage_id):
            if ticket.stage_id not in ticket.team_id._get_applicable_stages():
                raise ValidationError(
                    self.env._(
                        "Report %(number)s follows the stages of its bureau; "
                        "%(stage)s is not one of them.",
                        number=ticket.number,
                        stage=ticket.stage_id.name,
                    )
                )

    @api.constrains("incident_date")
    def _check_incident_date(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            if ticket.incident_date and ticket.incident_date > today:
                raise ValidationError(
                    self.env._("The date of the incident cannot be in the future.")
                )

    # ------------------------------------------------------------------
    # Public report form and anonymous follow-up
    # ------------------------------------------------------------------

    mdd_complainant_partner_id = fields.Many2one(
        "res.partner",
        string="Complainant's contact",
        related="complainant_id.partner_id",
        store=True,
        index="btree_not_null",
        help="Technical: lets the record rules give a complainant's portal "
        "account access to their reports without reading the complainant.",
    )
    mdd_receipt_hash = fields.Char(
        string="Receipt code hash",
        copy=False,
        groups="base.group_system",
        help="Salted, slow hash of the receipt code given to the complainant "
        "when the report was sent through the website. The code itself is "
        "never stored.",
    )

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ticket in self.filtered("is_mdd_report"):
            ticket.access_url = f"/my/meldingen/{ticket.id}"
        return res

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
    # Receipt code
    # ------------------------------------------------------------------

    @api.model
    def _mdd_new_receipt_code(self):
        """A new random receipt code, formatted for display (XXXX-XXXX-...)."""
        raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))
        return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))

    @api.model
    def _mdd_normalize_receipt_code(self, code):
        return re.sub(r"[\s\-]", "", code or "").upper()

    @api.model
    def _mdd_receipt_digest(self, code, salt, iterations):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        peppered = hmac.new(
            secret.encode(), self._mdd_normalize_receipt_code(code).encode(), hashlib.sha256
        ).digest()
        return hashlib.pbkdf2_hmac("sha256", peppered, salt, iterations)

    @api.model
    def _mdd_hash_receipt_code(self, code):
        salt = os.urandom(16)
        digest = self._mdd_receipt_digest(code, salt, RECEIPT_ITERATIONS)
        return f"{RECEIPT_SCHEME}${RECEIPT_ITERATIONS}${salt.hex()}${digest.hex()}"

    def _mdd_check_receipt_code(self, code):
        """Whether ``code`` is the receipt code of this report (constant time)."""
        self.ensure_one()
        stored = self.sudo().mdd_receipt_hash or ""
        try:
            scheme, iterations, salt, digest = stored.split("$")
            iterations = int(iterations)
            salt = bytes.fromhex(salt)
            digest = bytes.fromhex(digest)
        except ValueError:
            # No code (e.g. registered by staff): spend the same time anyway.
            self._mdd_receipt_digest(code, b"0" * 16, RECEIPT_ITERATIONS)
            return False
        if scheme != RECEIPT_SCHEME:
            return False
        candidate = self._mdd_receipt_digest(code, salt, iterations)
        return hmac.compare_digest(candidate, digest)

    @api.model
    def _mdd_normalize_number(self, number):
        if not isinstance(number, str):
            return ""
        return re.sub(r"\s", "", CONTROL_CHARACTERS.sub("", number)).upper()[:32]

    @api.model
    def _mdd_find_by_receipt(self, number, code):
        """The report with this number and receipt code, or an empty recordset.

        Both a wrong number and a wrong code take the same time and give the
        same answer, so the answer does not tell which part was wrong.
        """
        number = self._mdd_normalize_number(number)
        ticket = self.browse()
        if number:
            ticket = self.sudo().search(
                [("number", "=", number), ("is_mdd_report", "=", True)], limit=1
            )
        if not ticket:
            self._mdd_receipt_digest(code, b"0" * 16, RECEIPT_ITERATIONS)
            return self.browse()
        if not ticket._mdd_check_receipt_code(code):
            return self.browse()
        return ticket

    # ------------------------------------------------------------------
    # Public form: choices, validation, creation
    # ------------------------------------------------------------------

    @api.model
    def _mdd_public_form_options(self):
        """Choices of the public form, in the visitor's language."""
        Municipality = self.env["mdd.municipality"].sudo()
        municipalities = Municipality.search([("active", "=", True)], order="name")
        grounds = (
            self.env["mdd.ground"]
            .sudo()
            .search([("public_label", "!=", False)], order="parent_path")
        )
        ground_parents = grounds.filtered(lambda g: not g.parent_id)
        return {
            "municipalities": municipalities,
            "ground_parents": ground_parents.sorted(lambda g: (g.sequence, g.id)),
            "ground_children": {
                parent.id: grounds.filtered(lambda g, p=parent: g.parent_id == p).sorted(
                    lambda g: (g.sequence, g.id)
                )
                for parent in ground_parents
            },
            "manifestations": self.env["mdd.manifestation"]
            .sudo()
            .search([("public_label", "!=", False)]),
            "roles": [
                ("victim", self.env._("It happened to me")),
                ("witness", self.env._("I saw it happen (witness)")),
                ("on_behalf", self.env._("I am reporting for someone else")),
                ("organisation", self.env._("I am reporting for an organisation")),
            ],
            "age_groups": [
                (key, self.env._("I'd rather not say") if key == "unknown" else label)
                for key, label in self._mdd_age_group_labels()
            ],
            "contact_channels": [
                ("email", self.env._("By email")),
                ("phone", self.env._("By phone")),
            ],
            "max_files": MAX_FILES,
            "max_file_mb": MAX_FILE_SIZE // (1024 * 1024),
            "max_description": MAX_DESCRIPTION,
            "max_message": MAX_MESSAGE,
            "accept": ACCEPT_ATTRIBUTE,
            "today": fields.Date.context_today(self),
        }

    @api.model
    def _mdd_age_group_labels(self):
        labels = dict(
            self.env["mdd.complainant"]._fields["age_group"]._description_selection(self.env)
        )
        return [(key, labels.get(key, key)) for key, _label in AGE_GROUPS]

    @api.model
    def _mdd_check_files(self, files, errors, key="attachments"):
        """Validate visitor files; return ``[(name, data, mimetype)]``."""
        files = [f for f in files or [] if f.name]
        if len(files) > MAX_FILES:
            errors[key] = self.env._("You can add at most %(count)s files.", count=MAX_FILES)
            return []
        checked = []
        for upload in files:
            name = safe_file_name(upload.name)
            if upload.too_large or len(upload.data or b"") > MAX_FILE_SIZE:
                errors[key] = self.env._(
                    "The file %(name)s is larger than %(size)s MB.",
                    name=name,
                    size=MAX_FILE_SIZE // (1024 * 1024),
                )
                return []
            if not upload.data:
                errors[key] = self.env._("The file %(name)s is empty.", name=name)
                return []
            mimetype = guess_mimetype(upload.data, default="application/octet-stream")
            extension = os.path.splitext(name)[1].lower()
            if extension not in ALLOWED_FILE_TYPES.get(mimetype, ()):
                errors[key] = self.env._(
                    "The file %(name)s is not a photo, PDF or text file. You can "
                    "add JPG, PNG, GIF, WEBP, PDF and TXT files.",
                    name=name,
                )
                return []
            checked.append((name, upload.data, mimetype))
        return checked

    @api.model
    def _mdd_validate_public(self, values, files=()):
        """Check the public form's input.

        :param values: the form fields; multi-valued fields (``ground_ids``,
            ``manifestation_ids``) are lists
        :param files: :class:`PublicFile` objects
        :return: ``(errors, prepared)``; ``errors`` maps a form field to a
            message for the visitor; ``prepared`` holds the values to create
        """
        form = PublicInput(self.env, values)
        prepared = {
            "ticket": self._mdd_validate_public_incident(form),
            "complainant": self._mdd_validate_public_complainant(form),
            "files": self._mdd_check_files(files, form.errors),
        }
        return form.errors, prepared

    @api.model
    def _mdd_validate_public_incident(self, form):
        """What happened, when and where: the values of the report."""
        errors = form.errors
        description = form.text("description", MAX_DESCRIPTION)
        if not description and "description" not in errors:
            errors["description"] = self.env._("Please tell us what happened.")

        incident_date = False
        raw_date = form.text("incident_date", 10)
        if not raw_date:
            errors["incident_date"] = self.env._("Please give the date (an estimate is fine).")
        else:
            try:
                incident_date = fields.Date.to_date(raw_date)
            except ValueError:
                incident_date = False
            if not incident_date or incident_date < OLDEST_INCIDENT:
                errors["incident_date"] = self.env._("Please give a valid date, e.g. 31-12-2024.")
            elif incident_date > fields.Date.context_today(self):
                errors["incident_date"] = self.env._("The date cannot be in the future.")

        location = form.text("incident_municipality", 20)
        municipality = self.env["mdd.municipality"]
        if not location:
            errors["incident_municipality"] = self.env._(
                "Please choose where it happened, or choose online."
            )
        elif location not in (LOCATION_ONLINE, LOCATION_OTHER):
            municipality = form.municipality(location)
            if not municipality:
                errors["incident_municipality"] = self.env._("Please choose a place from the list.")
        incident_place = form.text("incident_place")

        grounds = form.records("mdd.ground", "ground_ids")
        if not grounds:
            errors["ground_ids"] = self.env._(
                'Please choose at least one reason, or "I don\'t know".'
            )
        manifestations = form.records("mdd.manifestation", "manifestation_ids")
        if not manifestations:
            errors["manifestation_ids"] = self.env._("Please choose at least one option.")
        return {
            "description": plaintext2html(description) if description else False,
            "incident_date": incident_date,
            "incident_municipality_id": municipality.id,
            "incident_location_na": location == LOCATION_ONLINE,
            "incident_place": incident_place or False,
            "ground_ids": [(6, 0, grounds.ids)],
            "manifestation_ids": [(6, 0, manifestations.ids)],
        }

    @api.model
    def _mdd_validate_public_complainant(self, form):
        """Who reports: role, contact or anonymous, residence, age, consent."""
        errors = form.errors
        role = form.text("role", 20)
        if role not in ROLES:
            errors["role"] = self.env._("Please choose who you are reporting as.")

        contact = form.text("contact", 5)
        if contact not in ("yes", "no"):
            errors["contact"] = self.env._("Please choose whether you want contact.")
        anonymous = contact != "yes"
        details = {"name": "", "email": "", "phone": "", "contact_channel": "none"}
        if not anonymous:
            details = self._mdd_validate_public_contact(form)

        postcode, residence = self._mdd_validate_public_residence(form)

        age_group = form.text("age_group", 10)
        if age_group not in dict(AGE_GROUPS):
            errors["age_group"] = self.env._("Please choose your age group.")
        parental_consent = bool(form.values.get("parental_consent"))
        if age_group == "0_15" and not anonymous and not parental_consent:
            errors["parental_consent"] = self.env._(
                "Under 16 you need the consent of a parent or guardian to be "
                "contacted. Without it, please choose to report anonymously."
            )
        if not form.values.get("consent_register"):
            errors["consent_register"] = self.env._(
                "We can only take your report if you agree that we register it."
            )
        return {
            "name": details["name"] or False,
            "anonymous": anonymous,
            "email": email_normalize(details["email"]) if details["email"] else False,
            "phone": details["phone"] or False,
            "contact_channel": details["contact_channel"],
            "postcode": postcode or False,
            "residence_municipality_id": residence.id,
            "age_group": age_group if age_group in dict(AGE_GROUPS) else "unknown",
            "parental_consent": parental_consent and age_group == "0_15",
            "role": role if role in ROLES else "victim",
            "consent_register": True,
            "consent_contact": not anonymous,
            "consent_share": not anonymous and bool(form.values.get("consent_share")),
        }

    @api.model
    def _mdd_validate_public_contact(self, form):
        errors = form.errors
        details = {
            "name": form.text("name", 100),
            "email": form.text("email", 254),
            "phone": form.text("phone", 30),
            "contact_channel": form.text("contact_channel", 10),
        }
        email, phone, channel = details["email"], details["phone"], details["contact_channel"]
        if email and not valid_email(email):
            errors["email"] = self.env._("This is not a valid email address.")
        if phone and "phone" not in errors and not PHONE.match(phone):
            errors["phone"] = self.env._("This is not a valid phone number.")
        if channel not in CONTACT_CHANNELS:
            errors["contact_channel"] = self.env._("Please choose how we can reach you.")
        elif channel == "email" and not email and "email" not in errors:
            errors["email"] = self.env._("Please give your email address, or choose phone.")
        elif channel == "phone" and not phone and "phone" not in errors:
            errors["phone"] = self.env._("Please give your phone number, or choose email.")
        return details

    @api.model
    def _mdd_validate_public_residence(self, form):
        """Postcode and municipality of residence (needed for the Wga figures)."""
        errors = form.errors
        postcode = form.text("postcode", 10).upper()
        if postcode and not POSTCODE.match(postcode):
            errors["postcode"] = self.env._("Please give a Dutch postcode, e.g. 9401 AB.")
        elif len(postcode) == 6 and " " not in postcode:
            postcode = f"{postcode[:4]} {postcode[4:]}"
        choice = form.text("residence_municipality", 20)
        residence = self.env["mdd.municipality"]
        if choice == RESIDENCE_OTHER and not postcode:
            errors.setdefault(
                "postcode", self.env._("Please give your postcode, so we know your municipality.")
            )
        elif not choice and not postcode:
            errors["residence_municipality"] = self.env._(
                "Please choose the municipality where you live, or give your postcode."
            )
        elif choice and choice not in (RESIDENCE_OTHER, RESIDENCE_ABROAD):
            residence = form.municipality(choice)
            if not residence:
                errors["residence_municipality"] = self.env._(
                    "Please choose a municipality from the list."
                )
        return postcode, residence

    @api.model
    def _mdd_create_from_public(self, values, files=(), partner=None, form_token=None):
        """Create the complainant and the report sent through the website.

        Everything is checked before anything is created, and everything is
        created in one savepoint: a failure leaves no half-created records.

        :param partner: the logged-in portal user's contact, if any; linked
            to the complainant when they want contact
        :param form_token: ``(scope, token)`` of the form page, claimed in the
            same savepoint (see ``mdd.form.token``): a form sent twice
            creates one report
        :return: ``(report, receipt_code)``; the code is not stored, only its hash
        :raises MddPublicReportInvalid: with the errors per form field
        """
        errors, prepared = self._mdd_validate_public(values, files)
        if errors:
            raise MddPublicReportInvalid(errors)
        code = self._mdd_new_receipt_code()
        Token = self.env["mdd.form.token"].sudo()
        try:
            with self.env.cr.savepoint():
                if form_token and not Token._claim(*form_token):
                    raise MddPublicReportInvalid({"form": Token._used_message()})
                report = self._mdd_create_public_records(prepared, code, partner)
        except (ValidationError, UserError) as exc:
            _logger.info("Public report refused: %s", exc)
            raise MddPublicReportInvalid(
                {
                    "form": self.env._(
                        "Your report could not be saved. Please check your answers and try again."
                    )
                }
            ) from exc
        return report, code

    @api.model
    def _mdd_create_public_records(self, prepared, code, partner=None):
        env = (
            self.sudo()
            .with_context(
                mail_create_nosubscribe=True,
                mail_notify_force_send=False,
                mdd_report=True,
            )
            .env
        )
        complainant_vals = dict(prepared["complainant"])
        if not complainant_vals["anonymous"] and partner:
            complainant_vals["partner_id"] = partner.id
        complainant = env["mdd.complainant"].create(complainant_vals)
        if not complainant.anonymous and complainant.email and not complainant.partner_id:
            complainant.action_create_partner()
            complainant.partner_id.lang = self.env.lang or "nl_NL"

        report = env["helpdesk.ticket"].create(
            {
                **prepared["ticket"],
                "name": self.env._("Report via the website"),
                "complainant_id": complainant.id,
                "report_type": "melding",
                "channel_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
                "mdd_receipt_hash": self._mdd_hash_receipt_code(code),
            }
        )
        if prepared["files"]:
            env["ir.attachment"].create(
                [
                    {
                        "name": name,
                        "raw": data,
                        "mimetype": mimetype,
                        "res_model": "helpdesk.ticket",
                        "res_id": report.id,
                    }
                    for name, data, mimetype in prepared["files"]
                ]
            )
        report._mdd_notify_team_new_public_report()
        report._mdd_send_public_confirmation()
        # Run the constraints now, inside the caller's savepoint.
        env.flush_all()
        return report

    def _mdd_notify_team_new_public_report(self):
        """Tell the bureau's staff that a report came in through the website."""
        for report in self:
            members = report.team_id.user_ids.filtered(lambda u: not u.share)
            if members:
                report.message_subscribe(partner_ids=members.partner_id.ids)
            report.message_post(
                body=Markup("<p>%s</p>")
                % self.env._("A new report came in through the website. Please plan the intake."),
                subtype_xmlid="mail.mt_note",
                message_type="notification",
                author_id=self.env.ref("base.partner_root").id,
                partner_ids=members.partner_id.ids,
            )

    def _mdd_send_public_confirmation(self):
        """Confirm by email, when the complainant gave an email and wants contact.

        The mail holds only the report number and the portal link.
        """
        template = self.env.ref(
            "mdd_meldpunt.mail_template_public_report_confirmation", raise_if_not_found=False
        )
        for report in self:
            complainant = report.complainant_id
            if not (
                template
                and complainant.email
                and complainant.consent_contact
                and complainant.partner_id
            ):
                continue
            report._portal_ensure_token()
            template.sudo().send_mail(report.id, force_send=False)

    def _mdd_complainant_portal_url(self):
        """Portal address of the report for its complainant (with access token)."""
        self.ensure_one()
        pid = self.sudo().complainant_id.partner_id.id or None
        return self.get_base_url() + self.sudo()._get_share_url(pid=pid)

    # ------------------------------------------------------------------
    # Follow-up by the complainant
    # ------------------------------------------------------------------

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

        :raises MddPublicReportInvalid: with the errors per form field
        """
        self.ensure_one()
        errors = {}
        body = (body or "").replace("\x00", "").strip()
        if len(body) > MAX_MESSAGE:
            errors["message"] = self.env._(
                "This text is too long: at most %(limit)s characters.", limit=MAX_MESSAGE
            )
        checked = self._mdd_check_files(files, errors, key="message_attachments")
        if not body and not checked and not errors:
            errors["message"] = self.env._("Please write a message or add a file.")
        if errors:
            raise MddPublicReportInvalid(errors)
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
            raise MddPublicReportInvalid(
                {"message": self.env._("Your message could not be saved. Please try again.")}
            ) from exc
        return message
