# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.addons.mdd_base.tools.suppression import suppress_cells, suppress_rows
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .mdd_wga_line import WGA_COLUMNS

THRESHOLD_PARAM = "mdd_meldpunt.figures_threshold"
DEFAULT_THRESHOLD = 5
# The Wga dates from 2009; earlier years are never offered.
FIRST_YEAR = 2009
COLUMN_KEYS = [key for key, __ in WGA_COLUMNS]
BREAKDOWN_MODELS = {
    "ground": "mdd.ground",
    "domain": "mdd.domain",
    "manifestation": "mdd.manifestation",
}
BREAKDOWNS = tuple(BREAKDOWN_MODELS)
TREND_YEARS = 5


def _companies_sql(companies):
    """Condition (with a leading AND) keeping ``l`` to some companies, or none."""
    if companies is None:
        return SQL()
    return SQL(" AND (l.company_id IS NULL OR l.company_id = ANY(%s))", companies.ids)


class MddWgaFigures(models.AbstractModel):
    """Yearly figures per municipality: counting and suppression.

    The numbers come from a few GROUP BY queries on the analysis views, which
    alone decide the figures date, whether a report counts and (``mdd.wga.line``)
    the Wga columns: :meth:`_count_reports` per municipality and year,
    :meth:`_count_outside` for the reports in none of them, and
    :meth:`_count_all_reports` for all reports of a year whatever their
    municipality (the dashboard). Every published output gets its small-cell
    suppression from :meth:`_figures`, which calls the pure functions of
    ``odoo.addons.mdd_base.tools.suppression``. The outputs themselves (CSV,
    XLSX, PDF, bars and titles) are in ``mdd_wga_figures_export.py``.

    The callers check who may see what: coordinators (or sudo, e.g. the
    municipal portal after it checked the official's municipality).
    """

    _name = "mdd.wga.figures"
    _description = "Wga figures per municipality"

    # ------------------------------------------------------------------
    # Configuration and access
    # ------------------------------------------------------------------

    @api.model
    def _threshold(self):
        """The small-cell threshold: counts from 1 to threshold-1 are hidden."""
        value = self.env["ir.config_parameter"].sudo().get_param(THRESHOLD_PARAM, DEFAULT_THRESHOLD)
        try:
            threshold = int(value)
        except (TypeError, ValueError):
            return DEFAULT_THRESHOLD
        return threshold if threshold >= 2 else DEFAULT_THRESHOLD

    @api.model
    def _check_access(self):
        if self.env.su or self.env.user.has_group("mdd_meldpunt.group_mdd_manager"):
            return
        raise AccessError(self.env._("Only coordinators can see the figures of municipalities."))

    @api.model
    def _bureau_municipalities(self, teams):
        """The rows of the form: the active municipalities the bureaus handle."""
        return self.env["mdd.municipality"].search([("team_id", "in", teams.ids)], order="name, id")

    @api.model
    def _valid_year(self, year):
        today = fields.Date.context_today(self)
        return isinstance(year, int) and FIRST_YEAR <= year <= today.year

    # ------------------------------------------------------------------
    # Counting: the only queries
    # ------------------------------------------------------------------

    @api.model
    def _count_reports(
        self,
        municipalities,
        year_from,
        year_to,
        *,
        breakdowns=BREAKDOWNS,
        detail_from=None,
        companies=None,
    ):
        """Unsuppressed counts per municipality and year, straight from SQL.

        :param detail_from: first year of the ground and manifestation
            breakdowns (default ``year_from``); the domain breakdown always
            covers every year, as it decides the suppression of totals.
        :param companies: only the reports of these companies (and of none),
            as the analysis views' record rules do; default: all reports, as
            the municipalities get them.

        :return: dict ``{(municipality_id, year): counts}`` for every
            municipality and year asked, where ``counts`` has ``columns``
            (``{wga column: n}``), ``total``, ``excluded`` (``{reason: n}``)
            and, per breakdown, ``{main ground/domain/manifestation id or 0
            when not registered: n}``.
        """
        self._check_access()
        self.env["mdd.wga.line"].flush_model()
        self.env["helpdesk.ticket"].flush_model()
        result = {}
        for municipality_id in municipalities.ids:
            for year in range(year_from, year_to + 1):
                result[(municipality_id, year)] = {
                    "columns": dict.fromkeys(COLUMN_KEYS, 0),
                    "total": 0,
                    "excluded": {"mass_report": 0, "not_counted": 0},
                    **{name: defaultdict(int) for name in BREAKDOWNS},
                }
        if not municipalities:
            return result
        where = SQL(
            "l.municipality_id = ANY(%s) AND l.date >= %s AND l.date < %s%s",
            municipalities.ids,
            date(year_from, 1, 1),
            date(year_to + 1, 1, 1),
            _companies_sql(companies),
        )
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT l.municipality_id, EXTRACT(year FROM l.date)::integer,
                       l.wga_column, l.exclusion_reason, COUNT(*)
                  FROM mdd_wga_line l
                 WHERE %s
              GROUP BY 1, 2, 3, 4
                """,
                where,
            )
        )
        for municipality_id, year, column, reason, count in cr.fetchall():
            counts = result[(municipality_id, year)]
            if reason:
                counts["excluded"][reason] += count
            else:
                counts["columns"][column] += count
                counts["total"] += count
        for name in breakdowns:
            breakdown_where = SQL("l.counted AND %s", where)
            if name != "domain" and detail_from and detail_from > year_from:
                breakdown_where = SQL(
                    "%s AND l.date >= %s", breakdown_where, date(detail_from, 1, 1)
                )
            rows = self._count_breakdown(
                "mdd_wga_line", name, breakdown_where, per_municipality=True
            )
            for municipality_id, year, value_id, count in rows:
                result[(municipality_id, year)][name][value_id or 0] += count
        return result

    @api.model
    def _count_all_reports(self, date_from, date_to, *, breakdowns=(), companies=None):
        """All reports with a figures date in ``[date_from, date_to)``, per
        year, counted or not and whatever their municipality (exact, internal).

        :param breakdowns: names of breakdowns (as in :meth:`_count_reports`)
            of all these reports
        :param companies: as in :meth:`_count_reports`
        :return: dict ``{year: counts}`` for the years with reports, where
            ``counts`` has ``reports``, ``counted``, ``incidents`` (distinct
            incidents; a report without an incident is one of its own) and,
            per breakdown, ``{main ground/domain/manifestation id or 0: n}``.
        """
        self._check_access()
        self.env["mdd.report.analysis"].flush_model()
        self.env["helpdesk.ticket"].flush_model()
        where = SQL(
            "l.date >= %s AND l.date < %s%s",
            date_from,
            date_to,
            _companies_sql(companies),
        )
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT EXTRACT(year FROM l.date)::integer, COUNT(*),
                       COUNT(*) FILTER (WHERE l.counted), COUNT(DISTINCT l.incident_ref)
                  FROM mdd_report_analysis l
                 WHERE %s
              GROUP BY 1
                """,
                where,
            )
        )
        result = {
            year: {
                "reports": reports,
                "counted": counted,
                "incidents": incidents,
                **{name: defaultdict(int) for name in breakdowns},
            }
            for year, reports, counted, incidents in cr.fetchall()
        }
        for name in breakdowns:
            for year, value_id, count in self._count_breakdown("mdd_report_analysis", name, where):
                result[year][name][value_id or 0] += count
        return result

    @api.model
    def _count_breakdown(self, view, name, where, per_municipality=False):
        """Rows ``([municipality id,] year, value id, n)`` of a breakdown:
        distinct reports per value on the analysis ``view`` (alias ``l``).

        Grounds are counted by main ground (the top of the hierarchy), domains
        by main domain, manifestations as registered.
        """
        if name == "domain":
            key, join = SQL("l.main_domain_id"), SQL()
        else:
            field = self.env["helpdesk.ticket"]._fields[f"{name}_ids"]
            key = SQL.identifier("rel", field.column2)
            join = SQL(
                "LEFT JOIN %s rel ON rel.%s = l.report_id",
                SQL.identifier(field.relation),
                SQL.identifier(field.column1),
            )
        if name == "ground":
            join = SQL("%s LEFT JOIN mdd_ground g ON g.id = %s", join, key)
            key = SQL("split_part(g.parent_path, '/', 1)::integer")
        group = [SQL("l.municipality_id")] if per_municipality else []
        group += [SQL("EXTRACT(year FROM l.date)::integer"), key]
        self.env.cr.execute(
            SQL(
                "SELECT %s, COUNT(DISTINCT l.report_id) FROM %s l %s WHERE %s GROUP BY %s",
                SQL(", ").join(group),
                SQL.identifier(view),
                join,
                where,
                SQL(", ").join(SQL(str(i)) for i in range(1, len(group) + 1)),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _count_outside(self, municipalities, year):
        """Counted reports of the year in none of these municipalities' figures.

        :return: ``(outside, unassigned)``: reports that concern only other
            municipalities, and reports with neither a municipality of
            residence nor one of the incident (in no municipality's figures).
        """
        self._check_access()
        self.env["mdd.report.analysis"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT COUNT(*) FILTER (WHERE NOT EXISTS (
                           SELECT 1 FROM mdd_wga_line l
                            WHERE l.report_id = a.report_id
                              AND l.municipality_id = ANY(%s))),
                       COUNT(*) FILTER (
                           WHERE a.residence_municipality_id IS NULL
                             AND a.incident_municipality_id IS NULL)
                  FROM mdd_report_analysis a
                 WHERE a.counted AND a.date >= %s AND a.date < %s
                """,
                municipalities.ids,
                date(year, 1, 1),
                date(year + 1, 1, 1),
            )
        )
        return self.env.cr.fetchone()

    # ------------------------------------------------------------------
    # Figures per municipality, with suppression for publication
    # ------------------------------------------------------------------

    @api.model
    def _labels(self, name, ids):
        """Ordered ``[(id, label)]`` of a breakdown's values (0: not registered)."""
        records = (
            self.env[BREAKDOWN_MODELS[name]]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "in", [i for i in ids if i])])
        )
        labels = [(rec.id, rec.name) for rec in records]
        if 0 in ids:
            labels.append((0, self.env._("Not registered")))
        return labels

    @api.model
    def _figures(self, municipalities, year, trend=False, breakdowns=BREAKDOWNS):
        """The figures of a year per municipality, raw and as published.

        :param trend: also give the totals of the five years up to ``year``
        :return: list (in the order of ``municipalities``) of dicts with the
            raw numbers (``columns``, ``total``, ``excluded``, ``breakdowns``
            as ``[(label, n)]``, ``trend`` as ``[(year, n)]``) and under
            ``shown`` the same as display strings after suppression.
        """
        threshold = self._threshold()
        year_from = year - TREND_YEARS + 1 if trend else year
        # The domain breakdown is always needed: it decides the suppression
        # of the total (see mdd_base/tools/suppression.py).
        names = tuple(dict.fromkeys(("domain", *breakdowns)))
        counts = self._count_reports(
            municipalities, year_from, year, breakdowns=names, detail_from=year
        )
        labels = {}
        for name in names:
            ids = {i for c in counts.values() for i, n in c[name].items() if n}
            labels[name] = self._labels(name, ids)

        def shown_total_and_rows(c):
            domain_row = [c["domain"].get(i, 0) for i, __ in labels["domain"]]
            wga_row = [c["columns"][key] for key in COLUMN_KEYS]
            (wga_shown, domain_shown), total_shown = suppress_rows([wga_row, domain_row], threshold)
            return wga_shown, domain_shown, total_shown

        result = []
        for municipality in municipalities:
            c = counts[(municipality.id, year)]
            wga_shown, domain_shown, total_shown = shown_total_and_rows(c)
            figures = {
                "municipality": municipality,
                "year": year,
                "threshold": threshold,
                "columns": dict(c["columns"]),
                "total": c["total"],
                "excluded": dict(c["excluded"]),
                "breakdowns": {},
                "shown": {
                    "columns": dict(zip(COLUMN_KEYS, wga_shown, strict=True)),
                    "total": total_shown,
                    "excluded": dict(
                        zip(
                            c["excluded"],
                            suppress_cells(c["excluded"].values(), threshold),
                            strict=True,
                        )
                    ),
                    "breakdowns": {},
                },
            }
            for name in breakdowns:
                items = [(label, c[name].get(i, 0)) for i, label in labels[name]]
                items = [(label, n) for label, n in items if n]
                if name == "domain":
                    shown = [
                        s
                        for (i, __), s in zip(labels["domain"], domain_shown, strict=True)
                        if c["domain"].get(i, 0)
                    ]
                else:
                    shown = suppress_cells([n for __, n in items], threshold)
                figures["breakdowns"][name] = items
                figures["shown"]["breakdowns"][name] = [
                    (label, s) for (label, __), s in zip(items, shown, strict=True)
                ]
            if trend:
                figures["trend"] = []
                figures["shown"]["trend"] = []
                for trend_year in range(year_from, year + 1):
                    tc = counts[(municipality.id, trend_year)]
                    figures["trend"].append((trend_year, tc["total"]))
                    figures["shown"]["trend"].append((trend_year, shown_total_and_rows(tc)[2]))
            result.append(figures)
        return result

    # ------------------------------------------------------------------
    # Hook for other modules (education sessions)
    # ------------------------------------------------------------------

    @api.model
    def _extra_sections(self, municipality, year):
        """Extra sections of the municipal PDF, XLSX, portal page and dashboard.

        Extended by other modules (e.g. ``mdd_voorlichting_figures``). Called
        with one municipality, or with an empty recordset for all
        municipalities (the dashboard). Each section is a dict with ``title``,
        ``columns`` (list of headers), ``rows`` (list of lists of cell values)
        and an optional ``note``. The numbers are shown as they are, so a
        section must not contain counts about persons that need suppression.
        """
        return []
