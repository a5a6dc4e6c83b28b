# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class MddFiguresDashboard(models.TransientModel):
    """The coordinators' dashboard: exact (internal) numbers, no suppression.

    Opened as a new record, so nothing is stored: the numbers are computed
    when the form loads and when the year changes.
    """

    _name = "mdd.figures.dashboard"
    _description = "Meldpunt dashboard"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    dashboard_html = fields.Html(
        string="Dashboard", compute="_compute_dashboard_html", sanitize=False
    )

    @api.depends("year")
    def _compute_dashboard_html(self):
        for dashboard in self:
            dashboard.dashboard_html = self.env["ir.qweb"]._render(
                "mdd_meldpunt.figures_dashboard_content",
                dashboard._mdd_dashboard_values(),
            )

    def _mdd_dashboard_values(self):
        """Numbers of the dashboard; one GROUP BY query per block."""
        self.ensure_one()
        self.env["mdd.wga.figures"]._mdd_check_access()
        today = fields.Date.context_today(self)
        year = self.year or today.year
        last = year - 1
        period = (date(last, 1, 1), date(year + 1, 1, 1))
        Analysis = self.env["mdd.report.analysis"]
        in_period = [("date", ">=", period[0]), ("date", "<", period[1])]
        per_year = {
            (day.year, counted): count
            for day, counted, count in Analysis._read_group(
                in_period, ["date:year", "counted"], ["__count"]
            )
        }
        incidents = {
            day.year: count
            for day, count in Analysis._read_group(
                in_period, ["date:year"], ["incident_ref:count_distinct"]
            )
        }

        def reports(y, counted=None):
            return sum(
                n
                for (yy, c), n in per_year.items()
                if yy == y and (counted is None or c == counted)
            )

        # Same period last year: up to the same day (for the current year).
        until = min(today, date(year, 12, 31))
        same_period = Analysis.search_count(
            [
                ("date", ">=", date(last, 1, 1)),
                ("date", "<=", until - relativedelta(years=1)),
            ]
        )
        _ = self.env._
        this_total, last_total = reports(year), reports(last)
        change = f"{(this_total - last_total) * 100.0 / last_total:+.0f}%" if last_total else "n/a"
        kpis = [
            {
                "label": _("Reports %(year)s", year=year),
                "value": this_total,
                "sub": _(
                    "%(count)s counted · %(change)s on %(last)s",
                    count=reports(year, True),
                    change=change,
                    last=last,
                ),
            },
        ]
        if year == today.year:
            kpis.append(
                {
                    "label": _("Same period %(year)s", year=last),
                    "value": same_period,
                    "sub": _(
                        "1 January to %(day)s",
                        day=(until - relativedelta(years=1)).strftime("%d-%m"),
                    ),
                }
            )
        kpis += [
            {
                "label": _("Reports %(year)s", year=last),
                "value": last_total,
                "sub": _("%(count)s counted", count=reports(last, True)),
            },
            {
                "label": _("Incidents %(year)s", year=year),
                "value": incidents.get(year, 0),
                "sub": _("distinct events"),
            },
        ]

        stages = Analysis._read_group([("closed", "=", False)], ["stage_id"], ["__count"])
        stage_bars = self._mdd_bars(
            [(stage.display_name if stage else self.env._("No stage"), n) for stage, n in stages]
        )

        Ground = self.env["mdd.report.ground.analysis"]
        grounds = {}
        for ground, day, n in Ground._read_group(
            [("date", ">=", period[0]), ("date", "<", period[1])],
            ["main_ground_id", "date:year"],
            ["report_ref:count_distinct"],
        ):
            label = ground.display_name if ground else self.env._("Not registered")
            grounds.setdefault(label, {})[day.year] = n
        ground_items = sorted(grounds.items(), key=lambda item: -item[1].get(year, 0))
        top = max([counts.get(year, 0) for __, counts in ground_items] + [1])
        ground_rows = [
            {
                "label": label,
                "this_year": counts.get(year, 0),
                "last_year": counts.get(last, 0),
                "width": round(counts.get(year, 0) * 100.0 / top, 1),
            }
            for label, counts in ground_items
        ]

        Line = self.env["mdd.wga.line"]
        municipalities = {}
        for municipality, day, n in Line._read_group(
            [
                ("date", ">=", period[0]),
                ("date", "<", period[1]),
                ("counted", "=", True),
            ],
            ["municipality_id", "date:year"],
            ["__count"],
        ):
            municipalities.setdefault(municipality.display_name, {})[day.year] = n
        municipality_rows = sorted(municipalities.items())

        Figures = self.env["mdd.wga.figures"]
        empty = self.env["mdd.municipality"]
        return {
            "year": year,
            "last": last,
            "kpis": kpis,
            "stage_bars": stage_bars,
            "ground_rows": ground_rows,
            "municipality_rows": municipality_rows,
            "extra_sections": [
                {**section, "title": f"{section['title']} {section_year}"}
                for section_year in (year, last)
                for section in Figures._mdd_extra_sections(empty, section_year)
            ],
        }

    @api.model
    def _mdd_bars(self, items):
        top = max([n for __, n in items] + [1])
        return [
            {
                "label": label,
                "value": str(n),
                "width": round(n * 100.0 / top, 1),
                "kind": "exact",
            }
            for label, n in items
        ]

    def _mdd_open(self, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["context"] = {"search_default_filter_date": 1}
        return action

    def action_open_analysis(self):
        return self._mdd_open("mdd_meldpunt.action_mdd_report_analysis")

    def action_open_ground_analysis(self):
        return self._mdd_open("mdd_meldpunt.action_mdd_report_ground_analysis")

    def action_open_wga_lines(self):
        return self._mdd_open("mdd_meldpunt.action_mdd_wga_line")

    def action_open_wga_wizard(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "mdd_meldpunt.action_mdd_wga_figures_wizard"
        )
