# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class MddFiguresDashboard(models.TransientModel):
    """The coordinators' dashboard: exact (internal) numbers, no suppression.

    Opened as a new record, so nothing is stored: the numbers are computed
    when the form loads and when the year changes. They are counted by
    ``mdd.wga.figures`` with the rules of every figure (the year of the
    incident or else of registration; mass reports and reports marked not
    to count left out of what "counts"), kept to the user's companies as the
    analysis views are.
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
                dashboard._dashboard_values(),
            )

    def _dashboard_values(self):
        """Numbers of the dashboard, for the year and the year before.

        * key figures: all reports of the year (counted or not), how many
          count, and distinct incidents (:meth:`_count_all_reports`);
        * reports by main ground, counted or not (the same method);
        * reports per municipality: the Wga totals, counted reports only
          (:meth:`_count_reports`, as on the Wga form);
        * open cases by stage: a different measure (the cases still being
          handled, whatever their year), one GROUP BY on the report analysis.
        """
        self.ensure_one()
        Figures = self.env["mdd.wga.figures"]
        Figures._check_access()
        companies = self.env.companies
        today = fields.Date.context_today(self)
        year = self.year or today.year
        last = year - 1
        per_year = Figures._count_all_reports(
            date(last, 1, 1), date(year + 1, 1, 1), breakdowns=("ground",), companies=companies
        )
        empty = {"reports": 0, "counted": 0, "incidents": 0, "ground": {}}
        this, before = per_year.get(year, empty), per_year.get(last, empty)
        _ = self.env._
        this_total, last_total = this["reports"], before["reports"]
        change = f"{(this_total - last_total) * 100.0 / last_total:+.0f}%" if last_total else "n/a"
        kpis = [
            {
                "label": _("Reports %(year)s", year=year),
                "value": this_total,
                "sub": _(
                    "%(count)s counted · %(change)s on %(last)s",
                    count=this["counted"],
                    change=change,
                    last=last,
                ),
            },
        ]
        if year == today.year:
            # Same period last year: up to the same day.
            until = min(today, date(year, 12, 31)) - relativedelta(years=1)
            same_period = Figures._count_all_reports(
                date(last, 1, 1), until + relativedelta(days=1), companies=companies
            )
            kpis.append(
                {
                    "label": _("Same period %(year)s", year=last),
                    "value": same_period.get(last, empty)["reports"],
                    "sub": _("1 January to %(day)s", day=until.strftime("%d-%m")),
                }
            )
        kpis += [
            {
                "label": _("Reports %(year)s", year=last),
                "value": last_total,
                "sub": _("%(count)s counted", count=before["counted"]),
            },
            {
                "label": _("Incidents %(year)s", year=year),
                "value": this["incidents"],
                "sub": _("distinct events"),
            },
        ]

        kpis.append(self._first_contact_kpi(companies))

        Analysis = self.env["mdd.report.analysis"]
        stages = Analysis._read_group([("closed", "=", False)], ["stage_id"], ["__count"])
        stage_bars = Figures._bars(
            [(stage.display_name if stage else _("No stage"), n) for stage, n in stages]
        )

        return {
            "year": year,
            "last": last,
            # Published Wga figures whose live numbers changed since.
            "drift_warnings": self.env["mdd.wga.publication"]._drift_warnings(),
            "kpis": kpis,
            "stage_bars": stage_bars,
            "ground_rows": self._ground_rows(this["ground"], before["ground"]),
            "municipality_rows": self._municipality_rows(year, companies),
            "extra_sections": [
                {**section, "title": f"{section['title']} {section_year}"}
                for section_year in (year, last)
                for section in Figures._extra_sections(self.env["mdd.municipality"], section_year)
            ],
        }

    @api.model
    def _ground_rows(self, this_year, last_year):
        """Rows of the grounds table, most reports this year first.

        :param this_year: ``{main ground id or 0: n}`` of the year
        :param last_year: the same of the year before
        """
        Figures = self.env["mdd.wga.figures"]
        labels = Figures._labels("ground", set(this_year) | set(last_year))
        # Internal: the full name of each main ground, as in the analysis views.
        grounds = self.env["mdd.ground"].browse([i for i, __ in labels if i])
        names = {ground.id: ground.display_name for ground in grounds}
        labels = [(i, names.get(i, label)) for i, label in labels]
        labels.sort(key=lambda item: -this_year.get(item[0], 0))
        bars = Figures._bars([(label, this_year.get(i, 0)) for i, label in labels])
        return [
            {
                "label": label,
                "this_year": this_year.get(i, 0),
                "last_year": last_year.get(i, 0),
                "width": bar["width"],
            }
            for (i, label), bar in zip(labels, bars, strict=True)
        ]

    @api.model
    def _municipality_rows(self, year, companies):
        """``[(municipality, {year: n})]``: Wga totals of the year and the
        year before, for every municipality with counted reports in them."""
        # The municipalities with a report in those years (archived ones too).
        groups = self.env["mdd.wga.line"]._read_group(
            [("date", ">=", date(year - 1, 1, 1)), ("date", "<", date(year + 1, 1, 1))],
            ["municipality_id"],
        )
        municipalities = self.env["mdd.municipality"].union(*(m for (m,) in groups))
        counts = self.env["mdd.wga.figures"]._count_reports(
            municipalities, year - 1, year, breakdowns=(), companies=companies
        )
        rows = {}
        for (municipality_id, row_year), c in counts.items():
            if c["total"]:
                name = municipalities.browse(municipality_id).display_name
                rows.setdefault(name, {})[row_year] = c["total"]
        return sorted(rows.items())

    @api.model
    def _first_contact_kpi(self, companies):
        """Open reports whose first contact is overdue today (any year)."""
        overdue = self.env["helpdesk.ticket"].search_count(
            [
                ("is_mdd_report", "=", True),
                ("company_id", "in", companies.ids),
                ("mdd_first_contact_overdue", "=", True),
            ]
        )
        return {
            "label": self.env._("First contact overdue"),
            "value": overdue,
            "sub": self.env._("open reports, today"),
        }

    def action_open_first_contact_overdue(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("mdd_meldpunt.action_mdd_report")
        action["context"] = {
            "mdd_report": True,
            "default_report_type": "melding",
            "search_default_first_contact_overdue": 1,
        }
        return action

    def _open(self, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["context"] = {"search_default_filter_date": 1}
        return action

    def action_open_analysis(self):
        return self._open("mdd_meldpunt.action_mdd_report_analysis")

    def action_open_ground_analysis(self):
        return self._open("mdd_meldpunt.action_mdd_report_ground_analysis")

    def action_open_wga_lines(self):
        return self._open("mdd_meldpunt.action_mdd_wga_line")

    def action_open_wga_wizard(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "mdd_meldpunt.action_mdd_wga_figures_wizard"
        )
