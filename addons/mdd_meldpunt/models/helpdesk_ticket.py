# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The discrimination report: its registration, routing and closing rules.

The public intake (form, receipt code) is in helpdesk_ticket_public.py; the
portal and the chatter as complainants see them in helpdesk_ticket_portal.py.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import create_index

# The reports in the model's order (priority desc, sequence, number desc, id
# desc): the kanban columns and the list read the first 40 or 80 of them, so
# PostgreSQL reads the index up to there instead of sorting every report. A
# case handler sees part of the reports: their record rule is then checked
# on those rows only, not on all of them.
REPORT_ORDER_INDEX = "helpdesk_ticket_mdd_report_order_index"

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

    def init(self):
        result = super().init()
        create_index(
            self.env.cr,
            REPORT_ORDER_INDEX,
            self._table,
            ["priority DESC", "sequence", "number DESC", "id DESC"],
            where="is_mdd_report",
        )
        return result

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

        The complainant's municipality of residence decides (so, in Drenthe,
        Emmen residents go to Meldpunt Discriminatie Emmen wherever it
        happened); when it is unknown or has no bureau, the municipality of the
        incident; else the first bureau. Which bureau handles a municipality is
        configuration on the municipality.
        """
        for municipality in (residence, incident_municipality):
            if municipality.team_id:
                return municipality.team_id
        return self.env["helpdesk.ticket.team"]._mdd_default_bureau()

    def _mdd_check_complainant_readable(self, vals_list):
        """A report can only name a complainant its author may read.

        Linking another bureau's complainant to one's own report would open
        that person's data to the linking handler."""
        if self.env.su:
            return
        ids = {vals["complainant_id"] for vals in vals_list if vals.get("complainant_id")}
        if ids:
            self.env["mdd.complainant"].browse(ids).check_access("read")

    @api.model_create_multi
    def create(self, vals_list):
        self._mdd_check_complainant_readable(vals_list)
        for vals in vals_list:
            is_report = self.env.context.get("mdd_report") or vals.get("complainant_id")
            if is_report and not vals.get("team_id"):
                vals["team_id"] = self._mdd_vals_route_team(vals).id
            self._mdd_auto_assign(vals)
        return super().create(vals_list)

    @api.model
    def _mdd_vals_route_team(self, vals):
        """The bureau routing gives a new report with ``vals``: by the
        municipalities given, else the complainant's residence."""
        Municipality = self.env["mdd.municipality"]
        residence = Municipality.browse(vals.get("residence_municipality_id"))
        if not residence and vals.get("complainant_id"):
            residence = (
                self.env["mdd.complainant"].browse(vals["complainant_id"]).residence_municipality_id
            )
        return self._mdd_route_team(
            residence, Municipality.browse(vals.get("incident_municipality_id"))
        )

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
            bureau = bureaus[:1] or self.env["helpdesk.ticket.team"]._mdd_default_bureau()
            defaults["team_id"] = bureau.id
        return defaults

    def write(self, vals):
        self._mdd_check_complainant_readable([vals])
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
