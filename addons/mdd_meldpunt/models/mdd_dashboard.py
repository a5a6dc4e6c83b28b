# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from babel.dates import format_date
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.mdd_base.tools.timezone import bureau_tz, local_to_utc
from odoo.exceptions import AccessError
from odoo.tools.misc import babel_locale_parse, get_lang

# Charts shown up to this many rows; the table below lists them all.
MAX_BARS = 12


class MddDashboard(models.AbstractModel):
    """Data of the dashboard page (client action ``mdd_meldpunt.dashboard``).

    One call returns every card and chart of the current user. Everything is
    counted on the reports themselves (``helpdesk.ticket``) as that user, so
    the record rules apply: a case handler counts only the reports they may
    see, and on their dashboard ("My reports") only those assigned to them.
    Each number carries the domain of the reports behind it, which the page
    opens when it is clicked.

    A report belongs to a year and a month by its figures date, as in the
    municipal figures: the date of the incident, or else the day it was
    registered (bureau time zone). Numbers are exact (internal use), no
    small-cell suppression.
    """

    _name = "mdd.dashboard"
    _description = "Meldpunt dashboard"

    # ------------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------------

    @api.model
    def get_dashboard_data(self, year=None):
        """Cards and charts of the current user's dashboard.

        :param year: the year of the figures (coordinators); default this year
        :return: ``{"mode", "title", "year", "years", "cards", "charts",
            "actions", "warnings"}``. A chart is ``{"key", "title", "type"
            ("bar", "hbar" or "line"), "series": [labels], "rows": [{"label",
            "values": [n per series], "domains": [domain per series]}],
            "action": key in "actions", "empty": text}``; a card is
            ``{"key", "label", "value", "sub", "domain", "action"}``.
        """
        user = self.env.user
        if not user.has_group("mdd_meldpunt.group_mdd_user"):
            raise AccessError(self.env._("Only Meldpunt staff can open the dashboard."))
        today = fields.Date.context_today(self)
        year = int(year or today.year)
        if user.has_group("mdd_meldpunt.group_mdd_manager"):
            data = self._coordinator_data(year, today)
        else:
            data = self._handler_data(today)
        data.setdefault("warnings", [])
        data["actions"] = self._dashboard_actions()
        return data

    @api.model
    def _dashboard_actions(self):
        """Window actions the page opens, by key, without their domain."""
        action = self.env["ir.actions.act_window"]._for_xml_id("mdd_meldpunt.action_mdd_report")
        views = [
            (self.env.ref(f"mdd_meldpunt.view_mdd_report_{mode}").id, mode)
            for mode in ("list", "kanban", "form", "pivot", "graph")
        ]
        return {
            "report": {
                "type": "ir.actions.act_window",
                "res_model": "helpdesk.ticket",
                "views": views,
                "search_view_id": action["search_view_id"],
                "context": {"mdd_report": True, "default_report_type": "melding"},
            }
        }

    # ------------------------------------------------------------------
    # The two dashboards
    # ------------------------------------------------------------------

    @api.model
    def _coordinator_data(self, year, today):
        _ = self.env._
        Ticket = self.env["helpdesk.ticket"]
        this_year = self._year_domain(year)
        last_year = self._year_domain(year - 1)
        open_domain = self._open_domain()
        overdue = [*self._reports_domain(), ("mdd_first_contact_overdue", "=", True)]
        cards = [
            self._card("reports", _("Reports %(year)s", year=year), this_year),
            self._card("reports_last", _("Reports %(year)s", year=year - 1), last_year),
            self._card("open", _("Open reports"), open_domain, _("all years")),
            self._card("overdue", _("First contact overdue"), overdue, _("open reports, today")),
        ]
        if year == today.year:
            # The same period of last year, up to the same day.
            until = today - relativedelta(years=1) + relativedelta(days=1)
            same_period = self._period_domain(date(year - 1, 1, 1), until)
            cards.insert(
                2,
                self._card(
                    "same_period",
                    _("Same period %(year)s", year=year - 1),
                    same_period,
                    _(
                        "1 January to %(day)s",
                        day=(until - relativedelta(days=1)).strftime("%d-%m"),
                    ),
                ),
            )
        no_reports = _("No reports in %(year)s yet", year=year)
        charts = [
            self._month_chart(year),
            self._tree_chart("grounds", _("Grounds"), "ground_ids", this_year, no_reports),
            self._tree_chart("domains", _("Domains"), "domain_id", this_year, no_reports),
            self._group_chart(
                "manifestations",
                _("Manifestations"),
                "manifestation_ids",
                this_year,
                empty=no_reports,
                none_label=_("No manifestation"),
            ),
            self._group_chart(
                "municipalities",
                _("Municipality of the incident"),
                "incident_municipality_id",
                this_year,
                empty=no_reports,
                none_label=_("Unknown or not applicable"),
            ),
            self._stage_chart(open_domain),
            self._age_chart(open_domain, today),
        ]
        any_report = Ticket.search_count(this_year, limit=1)
        return {
            "mode": "coordinator",
            "title": _("Dashboard"),
            "year": year,
            "years": self._years(year, today),
            "cards": cards,
            "charts": charts,
            "warnings": self.env["mdd.wga.publication"]._drift_warnings(),
            "note": "" if any_report else no_reports,
        }

    @api.model
    def _handler_data(self, today):
        """ "My reports": the open reports assigned to the handler."""
        _ = self.env._
        mine = [("user_id", "=", self.env.uid)]
        open_domain = self._open_domain(mine)
        overdue = [*self._reports_domain(mine), ("mdd_first_contact_overdue", "=", True)]
        week = today - relativedelta(days=7)
        new = [*open_domain, ("create_date", ">=", self._utc(week))]
        return {
            "mode": "handler",
            "title": _("My reports"),
            "year": today.year,
            "years": [],
            "cards": [
                self._card("open", _("My open reports"), open_domain),
                self._card("overdue", _("First contact overdue"), overdue, _("today")),
                self._card("new", _("New this week"), new, _("registered in the last 7 days")),
            ],
            "charts": [self._stage_chart(open_domain), self._age_chart(open_domain, today)],
            "note": "",
        }

    # ------------------------------------------------------------------
    # Domains
    # ------------------------------------------------------------------

    @api.model
    def _reports_domain(self, extra=()):
        return [("is_mdd_report", "=", True), *extra]

    @api.model
    def _open_domain(self, extra=()):
        return self._reports_domain([("stage_id.closed", "=", False), *extra])

    @api.model
    def _utc(self, day):
        """The start of ``day`` in the bureau's zone, as the UTC datetime
        string of a domain (the domains go to the browser as JSON)."""
        moment = local_to_utc(datetime.combine(day, datetime.min.time()), bureau_tz(self.env))
        return fields.Datetime.to_string(moment)

    @api.model
    def _period_domain(self, start, end):
        """Reports whose figures date is in ``[start, end)``: the date of the
        incident, or else the day of registration (bureau time zone)."""
        return self._reports_domain(
            [
                "|",
                "&",
                ("incident_date", ">=", fields.Date.to_string(start)),
                ("incident_date", "<", fields.Date.to_string(end)),
                "&",
                "&",
                ("incident_date", "=", False),
                ("create_date", ">=", self._utc(start)),
                ("create_date", "<", self._utc(end)),
            ]
        )

    @api.model
    def _year_domain(self, year):
        return self._period_domain(date(year, 1, 1), date(year + 1, 1, 1))

    @api.model
    def _years(self, year, today):
        """Years offered by the year selector: since the first report (by
        its date of registration or of the incident)."""
        Ticket = self.env["helpdesk.ticket"]
        [(created, incident)] = Ticket._read_group(
            self._reports_domain(), [], ["create_date:min", "incident_date:min"]
        )
        start = min(day.year for day in (created, incident, date(year, 1, 1)) if day)
        return list(range(max(today.year, year), start - 1, -1))

    # ------------------------------------------------------------------
    # Cards and charts
    # ------------------------------------------------------------------

    @api.model
    def _card(self, key, label, domain, sub=""):
        return {
            "key": key,
            "label": label,
            "value": self.env["helpdesk.ticket"].search_count(domain),
            "sub": sub,
            "domain": domain,
            "action": "report",
        }

    @api.model
    def _chart(self, key, title, rows, empty, *, series=None, chart_type="hbar", action="report"):
        return {
            "key": key,
            "title": title,
            "type": chart_type,
            "series": series or [self.env._("Reports")],
            "rows": rows,
            "action": action,
            "empty": empty,
            "max_bars": MAX_BARS,
        }

    @api.model
    def _row(self, label, value, domain):
        return {"label": label, "values": [value], "domains": [domain]}

    @api.model
    def _month_chart(self, year):
        """Reports per month, the year against the year before: two GROUP BY
        queries per year (by incident date, and by registration day for the
        reports without one)."""
        Ticket = self.env["helpdesk.ticket"].with_context(tz=bureau_tz(self.env))
        counts = {}
        start, end = date(year - 1, 1, 1), date(year + 1, 1, 1)
        for domain, groupby in (
            (
                [("incident_date", ">=", start), ("incident_date", "<", end)],
                "incident_date:month",
            ),
            (
                [
                    ("incident_date", "=", False),
                    ("create_date", ">=", self._utc(start)),
                    ("create_date", "<", self._utc(end)),
                ],
                "create_date:month",
            ),
        ):
            for month, n in Ticket._read_group(
                self._reports_domain(domain), [groupby], ["__count"]
            ):
                key = (month.year, month.month)
                counts[key] = counts.get(key, 0) + n
        rows = []
        for month in range(1, 13):
            start = date(year, month, 1)
            label = self._month_label(start)
            rows.append(
                {
                    "label": label,
                    "values": [counts.get((year, month), 0), counts.get((year - 1, month), 0)],
                    "domains": [
                        self._period_domain(start, start + relativedelta(months=1))
                        for start in (start, start - relativedelta(years=1))
                    ],
                }
            )
        empty = self.env._("No reports in %(year)s yet", year=year)
        if not any(sum(row["values"]) for row in rows):
            rows = []
        return self._chart(
            "months",
            self.env._("Reports per month"),
            rows,
            empty,
            series=[str(year), str(year - 1)],
            chart_type="line",
        )

    @api.model
    def _month_label(self, day):
        locale = babel_locale_parse(get_lang(self.env).code)
        return format_date(day, "LLL", locale=locale)

    @api.model
    def _tree_chart(self, key, title, field, domain, empty):
        """Reports per main item of a hierarchy (grounds, domains): a report
        counts once under a main item, whatever sub-items it has."""
        Ticket = self.env["helpdesk.ticket"]
        comodel = Ticket._fields[field].comodel_name
        mains = self.env[comodel].search([("parent_id", "=", False)])
        rows = []
        for main in mains:
            row_domain = [*domain, (field, "child_of", main.id)]
            count = Ticket.search_count(row_domain)
            if count:
                rows.append(self._row(main.display_name, count, row_domain))
        none_domain = [*domain, (field, "=", False)]
        count = Ticket.search_count(none_domain)
        if count:
            rows.append(self._row(self.env._("Not registered"), count, none_domain))
        rows.sort(key=lambda row: -row["values"][0])
        return self._chart(key, title, rows, empty)

    @api.model
    def _group_chart(self, key, title, field, domain, *, empty, none_label):
        """Reports per value of ``field``: one GROUP BY query."""
        rows = []
        for value, count in self.env["helpdesk.ticket"]._read_group(
            domain, [field], ["__count"], order="__count desc"
        ):
            label = value.display_name if value else none_label
            rows.append(self._row(label, count, [*domain, (field, "=", value.id or False)]))
        return self._chart(key, title, rows, empty)

    @api.model
    def _stage_chart(self, open_domain):
        rows = []
        for stage, count in self.env["helpdesk.ticket"]._read_group(
            open_domain, ["stage_id"], ["__count"], order="stage_id"
        ):
            label = stage.display_name if stage else self.env._("No stage")
            rows.append(self._row(label, count, [*open_domain, ("stage_id", "=", stage.id)]))
        return self._chart(
            "stages",
            self.env._("Open reports by stage"),
            rows,
            self.env._("No open reports"),
            chart_type="bar",
        )

    @api.model
    def _age_chart(self, open_domain, today):
        """Open reports by the time since they were registered."""
        _ = self.env._
        # (label, at least days, less than days; None: open-ended)
        buckets = (
            (_("< 2 weeks"), 0, 14),
            (_("2 to 4 weeks"), 14, 28),
            (_("1 to 3 months"), 28, 91),
            (_("> 3 months"), 91, None),
        )
        Ticket = self.env["helpdesk.ticket"]
        rows = []
        for label, young, old in buckets:
            # Registered at least ``young`` and less than ``old`` days ago.
            domain = [
                *open_domain,
                ("create_date", "<", self._utc(today - relativedelta(days=young - 1))),
            ]
            if old is not None:
                domain.append(("create_date", ">=", self._utc(today - relativedelta(days=old - 1))))
            rows.append(self._row(label, Ticket.search_count(domain), domain))
        if not any(row["values"][0] for row in rows):
            rows = []
        return self._chart(
            "age",
            _("Open reports by age"),
            rows,
            _("No open reports"),
            chart_type="bar",
        )
