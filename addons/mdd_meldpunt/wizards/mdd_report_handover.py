# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class MddReportHandover(models.TransientModel):
    """Hand a report over to another bureau ("Overdragen aan ander meldpunt")."""

    _name = "mdd.report.handover"
    _description = "Hand over a report to another bureau"

    report_id = fields.Many2one(
        "helpdesk.ticket",
        required=True,
        ondelete="cascade",
        domain="[('is_mdd_report', '=', True)]",
    )
    source_team_id = fields.Many2one(
        related="report_id.team_id", string="From bureau", readonly=True
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="To bureau",
        required=True,
        domain="[('is_mdd_bureau', '=', True), ('id', '!=', source_team_id)]",
    )
    reason = fields.Text(
        required=True,
        help="Why the other bureau takes the report over, e.g. the complainant "
        "lives in its area. It is logged on the report: no personal data here.",
    )
    consent = fields.Boolean(
        string="The complainant agrees",
        help="The complainant agreed that their report, with their details, "
        "goes to the other bureau.",
    )

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        report = self.env["helpdesk.ticket"].browse(defaults.get("report_id"))
        if report and "team_id" in fields_list and not defaults.get("team_id"):
            defaults["team_id"] = report.mdd_route_team_id.id
        return defaults

    def action_hand_over(self):
        self.ensure_one()
        _ = self.env._
        report = self.report_id
        if not report.is_mdd_report:
            raise UserError(_("Only a discrimination report can be handed over to a bureau."))
        if not self.team_id.sudo().is_mdd_bureau:
            raise UserError(_("A report can only be handed over to an anti-discrimination bureau."))
        if self.team_id == report.team_id:
            raise UserError(_("The report is at %(bureau)s already.", bureau=report.team_id.name))
        if not (self.reason or "").strip():
            raise UserError(_("Give the reason for the handover."))
        if not self.consent:
            raise UserError(
                _(
                    "Ask the complainant first: a report goes to another bureau "
                    "only when the complainant agrees."
                )
            )
        report.check_access("write")
        report._mdd_hand_over(self.team_id, self.reason.strip())
        message = _(
            "Report %(number)s was handed over to %(bureau)s.",
            number=report.sudo().number,
            bureau=self.team_id.sudo().name,
        )
        next_action = {"type": "ir.actions.act_window_close"}
        if not report.has_access("read"):
            next_action = self.env["ir.actions.act_window"]._for_xml_id(
                "mdd_meldpunt.action_mdd_report"
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "success", "message": message, "next": next_action},
        }
