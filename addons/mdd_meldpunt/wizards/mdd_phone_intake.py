# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons.mdd_base.tools.public_input import CONTROL_CHARACTERS, PHONE, valid_email
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..models.helpdesk_ticket import OTHER_PARTY_TYPES
from ..models.mdd_complainant import AGE_GROUPS
from ..tools.public_report import MAX_DESCRIPTION


class MddPhoneIntake(models.TransientModel):
    """Quick intake of a report taken by phone: one dialog with the minimum
    registration, optional details of the caller, and what to read back.

    The report is created with the channel "phone" and the source "phone";
    the handler completes the full form later.
    """

    _name = "mdd.phone.intake"
    _description = "Report by phone: quick intake"

    state = fields.Selection([("draft", "Intake"), ("done", "Read back")], default="draft")
    description = fields.Text(string="What happened")
    incident_date = fields.Date(string="Date of incident")
    incident_location_na = fields.Boolean(
        string="Location not applicable", help="Online, national media, or similar."
    )
    incident_municipality_id = fields.Many2one(
        "mdd.municipality", string="Municipality of incident"
    )
    other_party_type = fields.Selection(OTHER_PARTY_TYPES, string="Type of other party")
    report_type = fields.Selection(
        [("klacht", "Complaint (klacht)"), ("melding", "Report only (melding)")],
        string="Type of report",
        default="melding",
    )
    # The caller: everything optional.
    name = fields.Char(string="Caller's name")
    phone = fields.Char(string="Caller's phone")
    email = fields.Char(string="Caller's email")
    residence_municipality_id = fields.Many2one(
        "mdd.municipality", string="Municipality of residence"
    )
    age_group = fields.Selection(AGE_GROUPS, string="Age group", default="unknown")
    role = fields.Selection(
        [
            ("victim", "Victim"),
            ("witness", "Witness"),
            ("on_behalf", "On behalf of someone"),
            ("organisation", "Organisation"),
        ],
        default="victim",
    )
    consent_contact = fields.Boolean(
        string="Caller agrees to be contacted",
        help="Needed to keep the caller's name and contact details.",
    )
    parental_consent = fields.Boolean(string="Parental consent")
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Bureau",
        compute="_compute_team_id",
        help="The bureau the report goes to, by the municipalities entered.",
    )
    route_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Belongs to",
        compute="_compute_team_id",
        help="The bureau this report belongs to by the municipalities entered, "
        "when the handler does not work there: hand it over once the caller agrees.",
    )
    report_id = fields.Many2one("helpdesk.ticket", readonly=True)
    report_number = fields.Char(related="report_id.number", string="Report number")
    report_anonymous = fields.Boolean(related="report_id.complainant_id.anonymous")
    report_mail_sent = fields.Boolean(readonly=True)

    @api.depends("residence_municipality_id", "incident_municipality_id", "incident_location_na")
    def _compute_team_id(self):
        """The bureau the report is registered at, and the one it belongs to.

        A report that belongs to a bureau the handler does not work for is
        registered at their own bureau, which hands it over once the caller
        agrees (as in the report form)."""
        Ticket = self.env["helpdesk.ticket"]
        for intake in self:
            residence = intake.residence_municipality_id
            incident = (
                intake.incident_municipality_id.browse()
                if intake.incident_location_na
                else intake.incident_municipality_id
            )
            own = Ticket._mdd_own_bureau() or self.env["helpdesk.ticket.team"]._mdd_default_bureau()
            routed = Ticket._mdd_route_team(residence, incident) if residence or incident else own
            intake.team_id = routed if Ticket._mdd_works_at(routed) else own
            intake.route_team_id = routed if routed != intake.team_id else False

    def _clean(self, value):
        return CONTROL_CHARACTERS.sub("", value or "").strip()

    def _complainant_values(self):
        """The caller as a complainant; anonymous without name and contact."""
        _ = self.env._
        name, phone = self._clean(self.name), self._clean(self.phone)
        email = self._clean(self.email)
        if email and not valid_email(email):
            raise UserError(_("Please enter a valid email address, e.g. name@example.nl."))
        if phone and not PHONE.match(phone):
            raise UserError(_("Please enter a valid phone number, e.g. 0592 123 456."))
        values = {
            "residence_municipality_id": self.residence_municipality_id.id,
            "age_group": self.age_group or "unknown",
            "role": self.role or "victim",
            "consent_register": True,
        }
        if not (name or phone or email):
            return {**values, "anonymous": True, "contact_channel": "none"}
        if not self.consent_contact:
            raise UserError(
                _(
                    "Ask the caller whether we may contact them. Without their "
                    "consent, leave the name and contact details empty: the "
                    "report is then registered anonymously."
                )
            )
        if self.age_group == "0_15" and not self.parental_consent:
            raise UserError(
                _(
                    "A caller under 16 needs the consent of a parent or guardian "
                    "to be contacted. Without it, leave the name and contact "
                    "details empty."
                )
            )
        return {
            **values,
            "anonymous": False,
            "name": name[:100] or False,
            "phone": phone or False,
            "email": valid_email(email) or False,
            "contact_channel": "phone" if phone else "email",
            "consent_contact": True,
            "parental_consent": self.age_group == "0_15" and self.parental_consent,
        }

    def action_create_report(self):
        """Create the complainant and the report, then show what to read back."""
        self.ensure_one()
        _ = self.env._
        if self.report_id:
            raise UserError(_("This report has already been registered."))
        description = self._clean(self.description)
        if not description:
            raise UserError(_("Please note what happened."))
        if len(description) > MAX_DESCRIPTION:
            raise UserError(
                _("This text is too long: at most %(limit)s characters.", limit=MAX_DESCRIPTION)
            )
        complainant_vals = self._complainant_values()
        env = self.with_context(mail_create_nosubscribe=True, mdd_report=True).env
        with self.env.cr.savepoint():
            complainant = env["mdd.complainant"].create(complainant_vals)
            report = env["helpdesk.ticket"].create(
                {
                    "name": _("Report by phone"),
                    "description": plaintext2html(description),
                    "complainant_id": complainant.id,
                    "team_id": self.team_id.id,
                    "report_type": self.report_type or "melding",
                    "incident_date": self.incident_date,
                    "incident_location_na": self.incident_location_na,
                    "incident_municipality_id": (
                        False if self.incident_location_na else self.incident_municipality_id.id
                    ),
                    "residence_municipality_id": self.residence_municipality_id.id,
                    "other_party_type": self.other_party_type,
                    "channel_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone").id,
                    "report_source": "phone",
                    "mdd_intake_pending": True,
                }
            )
            if complainant.email:
                complainant.action_create_partner()
                complainant.partner_id.sudo().lang = report._mdd_public_lang()
            env.flush_all()
        # The confirmation mail is queued by the after-intake job.
        report._mdd_trigger_after_intake()
        mail_sent = bool(complainant.email)
        self.write({"report_id": report.id, "state": "done", "report_mail_sent": mail_sent})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Read back to the caller"),
        }

    def action_open_report(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.report_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"mdd_report": True},
        }
