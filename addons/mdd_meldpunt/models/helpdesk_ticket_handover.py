# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Handing a report over to another bureau.

A handler works only on the reports of their own bureau(s). A report that
routes to another bureau (the complainant lives in its area) therefore stays
at the bureau of the handler who registers it, and the form offers the
handover ("Overdragen aan ander meldpunt", wizard ``mdd.report.handover``):
the complainant has to agree that their report goes to another bureau. The
handover moves the report, logs it on the report and on both bureaus without
personal data, gives the receiving bureau an activity, and takes the report
away from the handing-over bureau's staff.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    mdd_route_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Bureau by routing",
        compute="_compute_mdd_route_team_id",
        help="The bureau that handles reports from the municipality of "
        "residence (else of the incident), when it is not the report's bureau.",
    )

    @api.depends("team_id", "residence_municipality_id", "incident_municipality_id", "closed")
    def _compute_mdd_route_team_id(self):
        for ticket in self:
            team = ticket._mdd_municipality_team()
            ticket.mdd_route_team_id = (
                team
                if ticket.is_mdd_report and not ticket.closed and team != ticket.team_id
                else False
            )

    def _mdd_municipality_team(self):
        """The bureau a municipality of the report routes to (no default)."""
        self.ensure_one()
        for municipality in (self.residence_municipality_id, self.incident_municipality_id):
            if municipality.sudo().team_id:
                return municipality.sudo().team_id
        return self.env["helpdesk.ticket.team"]

    @api.model
    def _mdd_works_everywhere(self):
        """Superuser (web form, mail gateway) and coordinators register
        reports for every bureau."""
        return self.env.su or self.env.user.has_group("mdd_meldpunt.group_mdd_manager")

    @api.model
    def _mdd_works_at(self, team):
        """Whether the current user may register reports for ``team``."""
        return self._mdd_works_everywhere() or self.env.user in team.sudo().user_ids

    @api.model
    def _mdd_own_bureau(self):
        return self.env.user.helpdesk_team_ids.filtered("is_mdd_bureau")[:1]

    @api.model_create_multi
    def create(self, vals_list):
        """A handler registers a report at their own bureau.

        Instead of failing on the access rules, a report that routes to a
        bureau the handler does not work for stays at their bureau, which
        hands it over (with the complainant's consent); choosing the other
        bureau explicitly gets a clear error that says so.
        """
        Team = self.env["helpdesk.ticket.team"]
        for vals in vals_list:
            is_report = self.env.context.get("mdd_report") or vals.get("complainant_id")
            if not is_report or self._mdd_works_everywhere():
                continue
            own = self._mdd_own_bureau()
            team = Team.browse(vals.get("team_id"))
            if team:
                if team.sudo().is_mdd_bureau and not self._mdd_works_at(team):
                    raise UserError(
                        self.env._(
                            "You do not work for %(bureau)s, so you cannot register "
                            "a report for it. Register the report at your own bureau "
                            'and then hand it over with "Hand over to another '
                            'bureau", once the complainant agrees.',
                            bureau=team.sudo().name,
                        )
                    )
                continue
            routed = self._mdd_vals_route_team(vals)
            if own and not self._mdd_works_at(routed):
                vals["team_id"] = own.id
        return super().create(vals_list)

    def write(self, vals):
        """A handler moves a report to another bureau only by handing it
        over, which asks for the complainant's consent and leaves no access
        behind; coordinators (and the system) move reports directly."""
        if (
            vals.get("team_id")
            and not self._mdd_works_everywhere()
            and not self.env.context.get("mdd_handover")
            and any(
                report.is_mdd_report and report.team_id.id != vals["team_id"] for report in self
            )
        ):
            team = self.env["helpdesk.ticket.team"].browse(vals["team_id"]).sudo()
            if team.is_mdd_bureau:
                raise UserError(
                    self.env._(
                        'To move a report to %(bureau)s, use "Hand over to another '
                        "bureau\": it records the complainant's consent.",
                        bureau=team.name,
                    )
                )
        return super().write(vals)

    @api.onchange("residence_municipality_id", "incident_municipality_id")
    def _onchange_mdd_route(self):
        """In the form, the bureau follows the municipalities, but only to
        a bureau the user works for; otherwise the form offers the handover."""
        team = self.team_id
        result = super()._onchange_mdd_route()
        if self.team_id != team and not self._mdd_works_at(self.team_id):
            routed = self.team_id
            self.team_id = team
            return {
                "warning": {
                    "title": self.env._("Report for %(bureau)s", bureau=routed.sudo().name),
                    "message": self.env._(
                        "This report belongs to %(bureau)s. Save it at your own "
                        'bureau and hand it over with "Hand over to another '
                        'bureau", once the complainant agrees.',
                        bureau=routed.sudo().name,
                    ),
                }
            }
        return result

    def action_mdd_open_handover(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mdd_meldpunt.action_mdd_report_handover"
        )
        action["context"] = {"default_report_id": self.id}
        return action

    def _mdd_hand_over(self, team, reason):
        """Move the report to ``team``, as the current user.

        The caller checked that the user may edit the report. The rest is done
        as superuser, since the user loses the report on the way.
        """
        self.ensure_one()
        old_team = self.team_id
        user = self.env.user
        report = self.sudo()
        new_members = team.sudo().user_ids
        managers = self.env.ref("mdd_meldpunt.group_mdd_manager").sudo().users
        leaving = (old_team.sudo().user_ids | user) - new_members - managers
        values = {"team_id": team.id, "user_id": False}
        if team.sudo().company_id and team.sudo().company_id != report.company_id:
            values["company_id"] = team.sudo().company_id.id
        report.write(values)
        report.message_unsubscribe(partner_ids=leaving.partner_id.ids)
        _ = self.env._
        report._message_log(
            body=Markup("<p>%s</p><p>%s</p>")
            % (
                _(
                    "Handed over from %(old)s to %(new)s. The complainant agreed.",
                    old=old_team.sudo().name,
                    new=team.sudo().name,
                ),
                _("Reason: %(reason)s", reason=reason),
            ),
        )
        number = report.number
        date = fields.Date.to_string(self._mdd_today())
        old_team.sudo().message_post(
            body=_(
                "Report %(number)s was handed over to %(bureau)s on %(date)s.",
                number=number,
                bureau=team.sudo().name,
                date=date,
            ),
            subtype_xmlid="mail.mt_note",
        )
        team.sudo().message_post(
            body=_(
                "Report %(number)s was handed over by %(bureau)s on %(date)s.",
                number=number,
                bureau=old_team.sudo().name,
                date=date,
            ),
            subtype_xmlid="mail.mt_note",
        )
        activity_type = self.env.ref("mdd_meldpunt.mail_activity_type_handover")
        # The activity (not a mail: its notification would name the report).
        for receiver in report._mdd_handover_receivers(team):
            report.with_context(mail_activity_quick_update=True).activity_schedule(
                activity_type_id=activity_type.id,
                user_id=receiver.id,
                summary=_("Report handed over by %(bureau)s", bureau=old_team.sudo().name),
            )

    @api.model
    def _mdd_handover_receivers(self, team):
        """Who at the receiving bureau picks a handed-over report up: its
        team leader, else its coordinators, else all its members."""
        team = team.sudo()
        if team.user_id:
            return team.user_id
        members = team.user_ids.filtered(lambda u: u.active and not u.share)
        coordinators = members.filtered(lambda u: u.has_group("mdd_meldpunt.group_mdd_manager"))
        return coordinators or members
