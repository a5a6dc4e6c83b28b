# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .mdd_wga_figures import GIVEN_STATES


class MddDashboard(models.AbstractModel):
    """Education sessions and participants per municipality on the
    coordinators' dashboard."""

    _inherit = "mdd.dashboard"

    @api.model
    def _dashboard_actions(self):
        actions = super()._dashboard_actions()
        Session = self.env["mdd.education.session"]
        if Session.has_access("read"):
            actions["session"] = {
                "type": "ir.actions.act_window",
                "res_model": Session._name,
                "views": [(False, "list"), (False, "calendar"), (False, "form")],
                "context": {},
            }
        return actions

    @api.model
    def _coordinator_data(self, year, today):
        data = super()._coordinator_data(year, today)
        data["charts"].append(self._education_chart(year))
        return data

    @api.model
    def _education_chart(self, year):
        """Sessions given and their participants per municipality, counted as
        in the municipal figures. The numbers are no personal data, so every
        coordinator sees them; the sessions behind them open only for who
        may read sessions (planners)."""
        _ = self.env._
        Figures = self.env["mdd.wga.figures"]
        totals = Figures._education_totals(year, "municipality_id")
        start, end = (
            fields.Datetime.to_string(moment) for moment in Figures._education_period(year)
        )
        municipalities = (
            self.env["mdd.municipality"]
            .with_context(active_test=False)
            .search([("id", "in", list(totals))])
        )
        rows = []
        for municipality in municipalities:
            domain = [
                ("state", "in", list(GIVEN_STATES)),
                ("start", ">=", start),
                ("start", "<", end),
                ("municipality_id", "=", municipality.id),
            ]
            rows.append(
                {
                    "label": municipality.display_name,
                    "values": list(totals[municipality.id]),
                    "domains": [domain, domain],
                }
            )
        rows.sort(key=lambda row: -row["values"][0])
        can_open = self.env["mdd.education.session"].has_access("read")
        return self._chart(
            "education",
            _("Education sessions per municipality"),
            rows,
            _("No education sessions given in %(year)s yet", year=year),
            series=[_("Sessions"), _("Participants")],
            action="session" if can_open else False,
        )
