# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.addons.mdd_base.tools.public_input import (
    to_int,
)
from odoo.addons.mdd_base.tools.timezone import bureau_tz, local_to_utc
from odoo.exceptions import UserError

from .mdd_education_request_window import DAYPART_START

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
            today = self._today()
            first_start = datetime.combine(today + timedelta(days=7), DAYPART_START["any"])
        tz_name = bureau_tz(self.env)
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
                    "start": local_to_utc(local_start, tz_name),
                    "stop": local_to_utc(local_start + duration, tz_name),
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
            email_layout_xmlid="mdd_base.mail_layout_bureau",
        )

    def _notify_planner(self):
        """Give the configured planner a to-do for a new request."""
        user_id = to_int(
            self.env["ir.config_parameter"].sudo().get_param("mdd_voorlichting.request_user_id")
        )
        user = self.env["res.users"].sudo().browse(user_id).exists() if user_id > 0 else None
        for request in self:
            if user and user.active:
                request.sudo().write({"user_id": user.id})
                request.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Plan or decline this request"),
                )
