# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
import re
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.mdd_meldpunt.tools.public_report import form_text, valid_email
from odoo.exceptions import UserError
from odoo.tools import escape_psql

from .mdd_education_request_window import DAYPART_START, DAYPARTS
from .mdd_education_session import local_to_utc, utc_to_local

ORGANISATION_TYPES = [
    ("primary_school", "Primary school"),
    ("secondary_school", "Secondary school"),
    ("mbo", "Vocational school (mbo)"),
    ("higher_education", "University or university of applied sciences"),
    ("police", "Police"),
    ("care_welfare", "Care or welfare organisation"),
    ("sport", "Sports club"),
    ("government", "Municipality or other government body"),
    ("company", "Company"),
    ("other", "Other"),
]

MAX_WINDOWS = 3
MAX_SHORT_TEXT = 200
MAX_REMARKS = 2000
MAX_PARTICIPANTS = 1000
PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")
# A database id or a count as typed in a form: ASCII digits, within int4.
SMALL_NUMBER = re.compile(r"^[0-9]{1,9}$")


class MddEducationRequest(models.Model):
    _name = "mdd.education.request"
    _description = "Education session request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        [
            ("new", "New"),
            ("planned", "Planned"),
            ("declined", "Declined"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Planner",
        tracking=True,
        domain="[('share', '=', False)]",
    )
    source = fields.Selection(
        [("website", "Website"), ("manual", "Entered by staff")],
        default="manual",
        required=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Organisation", required=True, index=True, tracking=True
    )
    organisation_type = fields.Selection(ORGANISATION_TYPES, tracking=True)
    contact_id = fields.Many2one("res.partner", index=True, tracking=True)
    submitted_organisation = fields.Char(string="Organisation as submitted", readonly=True)
    submitted_contact = fields.Char(string="Contact as submitted", readonly=True)
    submitted_email = fields.Char(string="Email as submitted", readonly=True)
    submitted_phone = fields.Char(string="Phone as submitted", readonly=True)
    municipality_id = fields.Many2one("mdd.municipality", required=True, index=True, tracking=True)
    workshop_id = fields.Many2one(
        "mdd.workshop", required=True, index=True, tracking=True, ondelete="restrict"
    )
    audience_id = fields.Many2one("mdd.audience")
    participant_count = fields.Integer(string="Expected participants")
    window_ids = fields.One2many(
        "mdd.education.request.window", "request_id", string="Preferred dates"
    )
    remarks = fields.Text()
    decline_reason = fields.Text(readonly=True, tracking=True)
    session_ids = fields.One2many("mdd.education.session", "request_id", string="Sessions")
    session_count = fields.Integer(compute="_compute_session_count")

    _sql_constraints = [
        (
            "participants_positive",
            "CHECK(participant_count >= 0)",
            "The number of participants cannot be negative.",
        ),
    ]

    @api.depends("session_ids")
    def _compute_session_count(self):
        for request in self:
            request.session_count = len(request.session_ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("mdd.education.request") or "/"
        return super().create(vals_list)

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id and self.contact_id.commercial_partner_id != self.partner_id:
            self.contact_id = self.partner_id.child_ids.filtered(lambda p: p.type == "contact")[:1]

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------
    def _prepare_session_values(self):
        """Values of the draft sessions that fulfil this request.

        One session per group of at most the workshop's maximum number of
        participants, back to back, at the start of the first preferred
        window (local time), or a week from now without a preferred window.
        """
        self.ensure_one()
        workshop = self.workshop_id
        total = self.participant_count
        count = 1
        if workshop.max_participants and total > workshop.max_participants:
            count = math.ceil(total / workshop.max_participants)
        window = self.window_ids.sorted(lambda w: (w.date_from, w.id))[:1]
        if window:
            first_start = datetime.combine(window.date_from, DAYPART_START[window.daypart])
        else:
            today = utc_to_local(fields.Datetime.now()).date()
            first_start = datetime.combine(today + timedelta(days=7), DAYPART_START["any"])
        duration = timedelta(hours=workshop.duration)
        location = ", ".join(
            part for part in (self.partner_id.street, self.partner_id.city) if part
        )
        values = []
        for index in range(count):
            local_start = first_start + index * duration
            values.append(
                {
                    "workshop_id": workshop.id,
                    "request_id": self.id,
                    "company_id": self.company_id.id,
                    "partner_id": self.partner_id.id,
                    "contact_id": self.contact_id.id,
                    "municipality_id": self.municipality_id.id,
                    "audience_id": self.audience_id.id,
                    "location": location or False,
                    "participant_count": total // count + (1 if index < total % count else 0),
                    "start": local_to_utc(local_start),
                    "stop": local_to_utc(local_start + duration),
                    "trainer_notes": self.remarks,
                    "user_id": self.env.user.id,
                    "state": "draft",
                }
            )
        return values

    def action_plan_sessions(self):
        """Turn the request into prefilled draft sessions and open them."""
        self.ensure_one()
        if self.state in ("declined", "cancelled"):
            raise UserError(
                self.env._("Request %(request)s was declined or cancelled.", request=self.name)
            )
        if not self.session_ids:
            self.env["mdd.education.session"].create(self._prepare_session_values())
            self.write({"state": "planned", "user_id": self.user_id.id or self.env.user.id})
        return self.action_view_sessions()

    def action_view_sessions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mdd_voorlichting.action_mdd_education_session"
        )
        action["context"] = {"default_request_id": self.id}
        if len(self.session_ids) == 1:
            action.update(
                view_mode="form",
                views=[(False, "form")],
                res_id=self.session_ids.id,
            )
        else:
            action["domain"] = [("request_id", "=", self.id)]
        return action

    def action_open_decline_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decline request"),
            "res_model": "mdd.education.request.decline",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def _action_decline(self, reason):
        for request in self:
            if request.state != "new":
                raise UserError(
                    self.env._(
                        "Only new requests can be declined; %(request)s is not new.",
                        request=request.name,
                    )
                )
        self.write({"state": "declined", "decline_reason": reason})
        for request in self:
            request._send_template("mdd_voorlichting.mail_template_request_declined")
        return True

    def action_reset(self):
        for request in self:
            if request.state not in ("declined", "cancelled"):
                raise UserError(self.env._("Only declined or cancelled requests can be reopened."))
        self.write({"state": "new", "decline_reason": False})
        return True

    # ------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------
    def _send_template(self, template_xmlid):
        self.ensure_one()
        contact = self.contact_id or self.partner_id
        if not contact.email:
            return self.env["mail.message"]
        return self.sudo().message_post_with_source(
            self.env.ref(template_xmlid),
            subtype_xmlid="mail.mt_note",
            partner_ids=contact.ids,
            email_layout_xmlid="mail.mail_notification_light",
        )

    # ------------------------------------------------------------------
    # Public website form
    # ------------------------------------------------------------------
    @api.model
    def _website_form_options(self):
        """Choices offered by the public form (read as superuser)."""
        return {
            "workshops": self.env["mdd.workshop"].sudo().search([("website_published", "=", True)]),
            "audiences": self.env["mdd.audience"].sudo().search([("active", "=", True)]),
            "municipalities": self.env["mdd.municipality"].sudo().search([("active", "=", True)]),
            "organisation_types": self._fields["organisation_type"]._description_selection(
                self.env
            ),
            "dayparts": self.env["mdd.education.request.window"]
            ._fields["daypart"]
            ._description_selection(self.env),
            "max_windows": MAX_WINDOWS,
        }

    @api.model
    def _website_parse(self, form):
        """Check the public form.

        :param dict form: the submitted fields (strings)
        :return: (values, errors): cleaned values, and a message per field
            name for what is wrong; nothing is written
        """
        errors = {}
        values = {
            "organisation": self._website_text(
                form, errors, "organisation_name", self.env._("the name of your organisation")
            ),
            "organisation_type": (form.get("organisation_type") or "").strip(),
            "contact": self._website_text(form, errors, "contact_name", self.env._("your name")),
            "municipality": self._website_record(
                form,
                errors,
                "municipality_id",
                model="mdd.municipality",
                label=self.env._("the municipality"),
            ),
            "workshop": self._website_record(
                form,
                errors,
                "workshop_id",
                model="mdd.workshop",
                label=self.env._("a workshop"),
                domain=[("website_published", "=", True)],
            ),
            "audience": self._website_record(
                form, errors, "audience_id", model="mdd.audience", label=self.env._("the audience")
            ),
            "participant_count": self._website_participants(form, errors),
            "windows": self._website_windows(form, errors),
            "remarks": self._website_text(
                form,
                errors,
                "remarks",
                self.env._("the remarks"),
                required=False,
                max_length=MAX_REMARKS,
            ),
        }
        if values["organisation_type"] not in dict(ORGANISATION_TYPES):
            errors["organisation_type"] = self.env._("Please choose the type of your organisation.")
        raw_email = self._website_text(form, errors, "email", self.env._("your email address"))
        values["email"] = valid_email(raw_email) if raw_email else False
        if raw_email and "email" not in errors and not values["email"]:
            errors["email"] = self.env._("Please enter a valid email address, e.g. name@school.nl.")
        values["phone"] = self._website_text(
            form, errors, "phone", self.env._("your phone number"), required=False, max_length=30
        )
        if values["phone"] and "phone" not in errors and not PHONE.match(values["phone"]):
            errors["phone"] = self.env._("Please enter a valid phone number, e.g. 0592 123 456.")
        return values, errors

    @api.model
    def _website_text(self, form, errors, name, label, *, required=True, max_length=MAX_SHORT_TEXT):
        value = form_text(form, name).strip()
        if required and not value:
            errors[name] = self.env._("Please fill in %(field)s.", field=label)
        elif len(value) > max_length:
            errors[name] = self.env._(
                "%(field)s is too long (at most %(max)s characters).",
                field=label,
                max=max_length,
            )
        return value

    @api.model
    def _website_record(self, form, errors, name, *, model, label, domain=()):
        """The record chosen in a select, only among the offered ones."""
        raw = (form.get(name) or "").strip()
        found = self.env[model]
        if not raw:
            errors[name] = self.env._("Please choose %(field)s.", field=label)
            return found
        if SMALL_NUMBER.match(raw):
            found = found.sudo().search([("id", "=", int(raw)), *domain], limit=1)
        if not found:
            errors[name] = self.env._("Please choose %(field)s from the list.", field=label)
        return found

    @api.model
    def _website_participants(self, form, errors):
        raw = (form.get("participant_count") or "").strip()
        if not raw:
            errors["participant_count"] = self.env._(
                "Please fill in the expected number of participants."
            )
        elif not SMALL_NUMBER.match(raw) or not 1 <= int(raw) <= MAX_PARTICIPANTS:
            errors["participant_count"] = self.env._(
                "The number of participants must be a whole number from 1 to %(max)s.",
                max=MAX_PARTICIPANTS,
            )
        else:
            return int(raw)
        return 0

    @api.model
    def _website_windows(self, form, errors):
        """Up to three preferred periods, from tomorrow to two years ahead."""
        windows = []
        for index in range(1, MAX_WINDOWS + 1):
            key = f"window_{index}"
            raw_from = (form.get(f"{key}_from") or "").strip()
            raw_to = (form.get(f"{key}_to") or "").strip()
            if not raw_from and not raw_to:
                continue
            try:
                date_from = fields.Date.to_date(raw_from) if raw_from else None
                date_to = fields.Date.to_date(raw_to) if raw_to else date_from
            except ValueError:
                errors[f"{key}_from"] = self.env._("Please enter a valid date.")
                continue
            daypart = (form.get(f"{key}_daypart") or "any").strip()
            field, message = self._website_window_error(date_from, date_to, daypart)
            if message:
                errors[f"{key}_{field}"] = message
            else:
                windows.append({"date_from": date_from, "date_to": date_to, "daypart": daypart})
        if not windows and not any(key.startswith("window_") for key in errors):
            errors["window_1_from"] = self.env._(
                "Please give at least one period in which the session could take place."
            )
        return windows

    @api.model
    def _website_window_error(self, date_from, date_to, daypart):
        """(field, message) of what is wrong with a period, or (None, None)."""
        today = utc_to_local(fields.Datetime.now()).date()
        latest = today + relativedelta(years=2)
        too_far = self.env._("We plan at most two years ahead; please choose an earlier date.")
        checks = [
            (
                lambda: not date_from,
                "from",
                self.env._("Please fill in the first day of this period."),
            ),
            (lambda: date_from <= today, "from", self.env._("Please choose a date after today.")),
            (lambda: date_from > latest, "from", too_far),
            (
                lambda: date_to < date_from,
                "to",
                self.env._("The end of the period must be on or after its start."),
            ),
            (lambda: date_to > latest, "to", too_far),
            (
                lambda: daypart not in dict(DAYPARTS),
                "daypart",
                self.env._("Please choose a part of the day."),
            ),
        ]
        for failed, field, message in checks:
            if failed():
                return field, message
        return None, None

    @api.model
    def _website_find_or_create_partners(self, values, lang=None):
        """Organisation and contact as ordinary contacts (not sensitive).

        An existing contact with the same email address is reused as is (the
        public form never changes existing contacts); otherwise the contact is
        created under the organisation, which is reused when exactly one
        company of that name exists.
        """
        Partner = self.env["res.partner"].sudo()
        contact = Partner.search(
            [("email_normalized", "=", values["email"]), ("active", "=", True)],
            order="parent_id, id",
            limit=1,
        )
        organisation = contact.parent_id if contact else Partner
        if not organisation:
            same_name = Partner.search(
                [
                    ("is_company", "=", True),
                    ("name", "=ilike", escape_psql(values["organisation"])),
                ],
                limit=2,
            )
            organisation = (
                same_name
                if len(same_name) == 1
                else Partner.create(
                    {"name": values["organisation"], "is_company": True, "lang": lang}
                )
            )
        if not contact:
            contact = Partner.create(
                {
                    "name": values["contact"],
                    "email": values["email"],
                    "phone": values["phone"] or False,
                    "parent_id": organisation.id,
                    "type": "contact",
                    "lang": lang,
                }
            )
        return organisation, contact

    @api.model
    def _website_create(self, values, lang=None, form_token=None):
        """Create the request checked by :meth:`_website_parse`, in one
        transaction, and send the confirmation mail.

        :param form_token: ``(scope, token)`` of the form page, claimed in the
            same savepoint (see ``mdd.form.token``): a form sent twice
            creates one request
        :raises UserError: when the form was sent before
        """
        Token = self.env["mdd.form.token"].sudo()
        with self.env.cr.savepoint():
            if form_token and not Token._claim(*form_token):
                raise UserError(Token._used_message())
            organisation, contact = self._website_find_or_create_partners(values, lang=lang)
            request = self.sudo().create(
                {
                    "source": "website",
                    "partner_id": organisation.id,
                    "organisation_type": values["organisation_type"],
                    "contact_id": contact.id,
                    "submitted_organisation": values["organisation"],
                    "submitted_contact": values["contact"],
                    "submitted_email": values["email"],
                    "submitted_phone": values["phone"] or False,
                    "municipality_id": values["municipality"].id,
                    "workshop_id": values["workshop"].id,
                    "audience_id": values["audience"].id,
                    "participant_count": values["participant_count"],
                    "remarks": values["remarks"] or False,
                    "window_ids": [fields.Command.create(w) for w in values["windows"]],
                }
            )
        request._send_template("mdd_voorlichting.mail_template_request_received")
        request._notify_planner()
        return request

    def _notify_planner(self):
        """Give the configured planner a to-do for a new request."""
        user_id = (
            self.env["ir.config_parameter"].sudo().get_param("mdd_voorlichting.request_user_id")
        )
        user = (
            self.env["res.users"].sudo().browse(int(user_id)).exists()
            if user_id and SMALL_NUMBER.match(user_id)
            else None
        )
        for request in self:
            if user and user.active:
                request.sudo().write({"user_id": user.id})
                request.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Plan or decline this request"),
                )
