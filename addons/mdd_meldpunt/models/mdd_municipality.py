# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MddMunicipality(models.Model):
    _inherit = "mdd.municipality"

    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Handled by",
        domain="[('is_mdd_bureau', '=', True)]",
        help="The anti-discrimination bureau that handles reports of residents "
        "of this municipality.",
    )
    report_count = fields.Integer(compute="_compute_report_count")
    mdd_official_partner_ids = fields.One2many(
        "res.partner",
        "mdd_municipality_id",
        string="Official contacts",
        groups="mdd_meldpunt.group_mdd_manager",
        help="The contacts with access to the municipal figures on the portal.",
    )

    def _compute_report_count(self):
        groups = self.env["helpdesk.ticket"]._read_group(
            [("incident_municipality_id", "in", self.ids)],
            ["incident_municipality_id"],
            ["__count"],
        )
        counts = {municipality.id: count for municipality, count in groups}
        for rec in self:
            rec.report_count = counts.get(rec.id, 0)

    def action_view_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("mdd_meldpunt.action_mdd_report")
        action["domain"] = [
            "|",
            ("incident_municipality_id", "=", self.id),
            ("residence_municipality_id", "=", self.id),
        ]
        return action
