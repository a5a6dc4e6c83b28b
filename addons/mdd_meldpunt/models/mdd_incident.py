# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MddIncident(models.Model):
    """An event (voorval) that one or more reports are about.

    A discriminating remark on national television can bring hundreds of
    reports: they are grouped under one incident, and a mass-report incident
    can be left out of the municipal figures.
    """

    _name = "mdd.incident"
    _description = "Incident (voorval)"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    date = fields.Date(tracking=True)
    municipality_id = fields.Many2one("mdd.municipality", tracking=True)
    location_not_applicable = fields.Boolean(
        string="Location not applicable",
        help="Online, national media or another event without one place.",
    )
    description = fields.Text()
    is_mass_report = fields.Boolean(
        string="Mass report",
        tracking=True,
        help="Many reports about the same event (e.g. a remark on national "
        "television). Its reports are left out of the municipal figures.",
    )
    report_ids = fields.One2many("helpdesk.ticket", "incident_id", string="Reports")
    report_count = fields.Integer(compute="_compute_report_count", store=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    @api.depends("report_ids")
    def _compute_report_count(self):
        groups = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group([("incident_id", "in", self.ids)], ["incident_id"], ["__count"])
        )
        counts = {incident.id: count for incident, count in groups}
        for rec in self:
            rec.report_count = counts.get(rec.id, 0)

    def action_view_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("mdd_meldpunt.action_mdd_report")
        action["domain"] = [("incident_id", "=", self.id)]
        action["context"] = {"default_incident_id": self.id, "mdd_report": True}
        return action
