# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
from collections import defaultdict
from datetime import date

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.pdf import merge_pdf

from ..tools.suppression import HIDDEN, is_shown, suppress_cells, suppress_rows
from .mdd_wga_line import WGA_COLUMNS

REPORT = "mdd_meldpunt.report_wga_municipality"
THRESHOLD_PARAM = "mdd_meldpunt.figures_threshold"
DEFAULT_THRESHOLD = 5
# The Wga dates from 2009; earlier years are never offered.
FIRST_YEAR = 2009
CSV_HEADER = [
    "cbs_code",
    "gemeente",
    "jaar",
    "inwoners_in_gemeente",
    "inwoners_elders",
    "niet_inwoners_in_gemeente",
    "totaal",
]
COLUMN_KEYS = [key for key, __ in WGA_COLUMNS]
BREAKDOWNS = ("ground", "domain", "manifestation")
TREND_YEARS = 5


class MddWgaFigures(models.AbstractModel):
    """Yearly figures per municipality: the Wga registration form.

    Every output for municipalities and the dashboard gets its numbers from
    :meth:`_mdd_count`, four GROUP BY queries on the view ``mdd.wga.line``
    (which alone decides the Wga columns), and every published output gets
    its small-cell suppression from :meth:`_mdd_figures`, which calls the pure
    functions of ``tools/suppression.py``.

    The callers check who may see what: coordinators (or sudo, e.g. the
    municipal portal after it checked the official's municipality).
    """

    _name = "mdd.wga.figures"
    _description = "Wga figures per municipality"

    # ------------------------------------------------------------------
    # Configuration and access
    # ------------------------------------------------------------------

    @api.model
    def _mdd_threshold(self):
        """The small-cell threshold: counts from 1 to threshold-1 are hidden."""
        value = self.env["ir.config_parameter"].sudo().get_param(THRESHOLD_PARAM, DEFAULT_THRESHOLD)
        try:
            threshold = int(value)
        except (TypeError, ValueError):
            return DEFAULT_THRESHOLD
        return threshold if threshold >= 2 else DEFAULT_THRESHOLD

    @api.model
    def _mdd_check_access(self):
        if self.env.su or self.env.user.has_group("mdd_meldpunt.group_mdd_manager"):
            return
        raise AccessError(self.env._("Only coordinators can see the figures of municipalities."))

    @api.model
    def _mdd_bureau_municipalities(self, teams):
        """The rows of the form: the active municipalities the bureaus handle."""
        return self.env["mdd.municipality"].search([("team_id", "in", teams.ids)], order="name, id")

    @api.model
    def _mdd_available_years(self, municipality):
        """Years with reports in the figures of a municipality, newest first.

        Last year is always offered; the current year only once it has reports.
        """
        self._mdd_check_access()
        today = fields.Date.context_today(self)
        self.env["mdd.wga.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT EXTRACT(year FROM date)::integer
                  FROM mdd_wga_line
                 WHERE municipality_id = %s AND date >= %s AND date < %s
                """,
                municipality.id,
                date(FIRST_YEAR, 1, 1),
                date(today.year + 1, 1, 1),
            )
        )
        years = {row[0] for row in self.env.cr.fetchall()}
        years.add(today.year - 1)
        return sorted(years, reverse=True)

    @api.model
    def _mdd_valid_year(self, year):
        today = fields.Date.context_today(self)
        return isinstance(year, int) and FIRST_YEAR <= year <= today.year

    # ------------------------------------------------------------------
    # Counting: the only queries
    # ------------------------------------------------------------------

    @api.model
    def _mdd_count(
        self, municipalities, year_from, year_to, breakdowns=BREAKDOWNS, detail_from=None
    ):
        """Unsuppressed counts per municipality and year, straight from SQL.

        :param detail_from: first year of the ground and manifestation
            breakdowns (default ``year_from``); the domain breakdown always
            covers every year, as it decides the suppression of totals.

        :return: dict ``{(municipality_id, year): counts}`` for every
            municipality and year asked, where ``counts`` has ``columns``
            (``{wga column: n}``), ``total``, ``excluded`` (``{reason: n}``)
            and, per breakdown, ``{main ground/domain/manifestation id or 0
            when not registered: n}``.
        """
        self._mdd_check_access()
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
            "l.municipality_id = ANY(%s) AND l.date >= %s AND l.date < %s",
            municipalities.ids,
            date(year_from, 1, 1),
            date(year_to + 1, 1, 1),
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
            key, join = self._mdd_breakdown_sql(name)
            breakdown_where = where
            if name != "domain" and detail_from and detail_from > year_from:
                breakdown_where = SQL("%s AND l.date >= %s", where, date(detail_from, 1, 1))
            cr.execute(
                SQL(
                    """
                    SELECT l.municipality_id, EXTRACT(year FROM l.date)::integer,
                           %s, COUNT(DISTINCT l.report_id)
                      FROM mdd_wga_line l %s
                     WHERE l.counted AND %s
                  GROUP BY 1, 2, 3
                    """,
                    key,
                    join,
                    breakdown_where,
                )
            )
            for municipality_id, year, value_id, count in cr.fetchall():
                result[(municipality_id, year)][name][value_id or 0] += count
        return result

    @api.model
    def _mdd_breakdown_sql(self, name):
        """``(key, join)``: the SQL of a breakdown's value on ``mdd_wga_line l``.

        Grounds are counted by main ground (the top of the hierarchy), domains
        by main domain, manifestations as registered.
        """
        if name == "domain":
            return SQL("l.main_domain_id"), SQL()
        field = self.env["helpdesk.ticket"]._fields[f"{name}_ids"]
        rel = SQL.identifier("rel", field.column2)
        join = SQL(
            "LEFT JOIN %s rel ON rel.%s = l.report_id",
            SQL.identifier(field.relation),
            SQL.identifier(field.column1),
        )
        if name == "ground":
            return (
                SQL("split_part(g.parent_path, '/', 1)::integer"),
                SQL("%s LEFT JOIN mdd_ground g ON g.id = %s", join, rel),
            )
        return rel, join

    @api.model
    def _mdd_count_outside(self, municipalities, year):
        """Counted reports of the year in none of these municipalities' figures.

        :return: ``(outside, unassigned)``: reports that concern only other
            municipalities, and reports with neither a municipality of
            residence nor one of the incident (in no municipality's figures).
        """
        self._mdd_check_access()
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
    def _mdd_labels(self, name, ids):
        """Ordered ``[(id, label)]`` of a breakdown's values (0: not registered)."""
        model = {
            "ground": "mdd.ground",
            "domain": "mdd.domain",
            "manifestation": "mdd.manifestation",
        }[name]
        records = (
            self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "in", [i for i in ids if i])])
        )
        labels = [(rec.id, rec.name) for rec in records]
        if 0 in ids:
            labels.append((0, self.env._("Not registered")))
        return labels

    @api.model
    def _mdd_figures(self, municipalities, year, trend=False, breakdowns=BREAKDOWNS):
        """The figures of a year per municipality, raw and as published.

        :param trend: also give the totals of the five years up to ``year``
        :return: list (in the order of ``municipalities``) of dicts with the
            raw numbers (``columns``, ``total``, ``excluded``, ``breakdowns``
            as ``[(label, n)]``, ``trend`` as ``[(year, n)]``) and under
            ``shown`` the same as display strings after suppression.
        """
        threshold = self._mdd_threshold()
        year_from = year - TREND_YEARS + 1 if trend else year
        # The domain breakdown is always needed: it decides the suppression
        # of the total (see tools/suppression.py).
        names = tuple(dict.fromkeys(("domain", *breakdowns)))
        counts = self._mdd_count(
            municipalities, year_from, year, breakdowns=names, detail_from=year
        )
        labels = {}
        for name in names:
            ids = {i for c in counts.values() for i, n in c[name].items() if n}
            labels[name] = self._mdd_labels(name, ids)

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
    def _mdd_extra_sections(self, municipality, year):
        """Extra sections of the municipal PDF, portal page and dashboard.

        Extended by other modules (e.g. ``mdd_voorlichting``). Called with one
        municipality, or with an empty recordset for all municipalities (the
        dashboard). Each section is a dict with ``title``, ``columns`` (list
        of headers), ``rows`` (list of lists of cell values) and an optional
        ``note``. The numbers are shown as they are, so a section must not
        contain counts about persons that need suppression.
        """
        return []

    # ------------------------------------------------------------------
    # Municipal portal
    # ------------------------------------------------------------------

    @api.model
    def _mdd_portal_values(self, municipality, year=None):
        """Values of /my/cijfers: published figures of one municipality.

        :param year: the year shown in detail (a string from the URL is
            accepted); the newest available year when missing or not offered
        """
        years = self._mdd_available_years(municipality)
        try:
            year = int(year) if year else years[0]
        except ValueError:
            year = years[0]
        if year not in years:
            year = years[0]
        rows = []
        selected = None
        for row_year in years:
            breakdowns = BREAKDOWNS if row_year == year else ()
            figures = self._mdd_figures(municipality, row_year, breakdowns=breakdowns)[0]
            rows.append(figures)
            if row_year == year:
                selected = figures
        report = self.env["report.mdd_meldpunt.report_wga_municipality"]
        threshold = selected["threshold"]
        _ = self.env._
        charts = [
            (title, report._mdd_bars(selected["shown"]["breakdowns"][name], threshold))
            for name, title in (
                ("ground", _("Grounds")),
                ("domain", _("Domains")),
                ("manifestation", _("Manifestations")),
            )
        ]
        return {
            "municipality": municipality,
            "current_year": fields.Date.context_today(self).year,
            "rows": rows,
            "selected": selected,
            "charts": charts,
            "extra_sections": self._mdd_extra_sections(municipality, year),
            "explanation": self._mdd_explanation(threshold),
        }

    # ------------------------------------------------------------------
    # Outputs
    # ------------------------------------------------------------------

    @api.model
    def _mdd_csv(self, municipalities, year):
        """The Wga form as CSV: UTF-8, comma separated, ``\\n`` line ends."""
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for figures in self._mdd_figures(municipalities, year, breakdowns=()):
            shown = figures["shown"]
            writer.writerow(
                [
                    figures["municipality"].cbs_code,
                    figures["municipality"].name,
                    year,
                    *(shown["columns"][key] for key in COLUMN_KEYS),
                    shown["total"],
                ]
            )
        return stream.getvalue().encode("utf-8")

    @api.model
    def _mdd_xlsx(self, municipalities, year):
        """The Wga form with its breakdowns as an Excel workbook (suppressed)."""
        all_figures = self._mdd_figures(municipalities, year)
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        self._mdd_xlsx_form(workbook, bold, all_figures, year)
        self._mdd_xlsx_breakdowns(workbook, bold, all_figures, year)
        self._mdd_xlsx_extra(workbook, bold, all_figures, year)
        self._mdd_xlsx_notes(workbook, municipalities, year)
        workbook.close()
        return stream.getvalue()

    @staticmethod
    def _mdd_xlsx_cell(sheet, row, col, value):
        """A published count: a number when shown, else its label (<5, x)."""
        if isinstance(value, str) and is_shown(value):
            sheet.write_number(row, col, int(value))
        else:
            sheet.write(row, col, value)

    @api.model
    def _mdd_xlsx_form(self, workbook, bold, all_figures, year):
        _ = self.env._
        sheet = workbook.add_worksheet("Wga")
        header = [
            *CSV_HEADER,
            _("left out: mass-report incident"),
            _("left out: marked not to count"),
        ]
        sheet.write_row(0, 0, header, bold)
        for row, figures in enumerate(all_figures, start=1):
            shown = figures["shown"]
            values = [
                figures["municipality"].cbs_code,
                figures["municipality"].name,
                year,
                *(shown["columns"][key] for key in COLUMN_KEYS),
                shown["total"],
                shown["excluded"]["mass_report"],
                shown["excluded"]["not_counted"],
            ]
            for col, value in enumerate(values):
                self._mdd_xlsx_cell(sheet, row, col, value)
        sheet.set_column(0, 0, 10)
        sheet.set_column(1, 1, 22)
        sheet.set_column(3, len(header) - 1, 16)
        sheet.freeze_panes(1, 0)

    @api.model
    def _mdd_xlsx_breakdowns(self, workbook, bold, all_figures, year):
        _ = self.env._
        titles = {
            "ground": (_("Grounds"), _("Ground")),
            "domain": (_("Domains"), _("Domain")),
            "manifestation": (_("Manifestations"), _("Manifestation")),
        }
        for name in BREAKDOWNS:
            sheet_title, column_title = titles[name]
            sheet = workbook.add_worksheet(sheet_title[:31])
            sheet.write_row(
                0, 0, ["cbs_code", "gemeente", "jaar", column_title, _("Reports")], bold
            )
            row = 1
            for figures in all_figures:
                municipality = figures["municipality"]
                for label, value in figures["shown"]["breakdowns"][name]:
                    sheet.write_row(row, 0, [municipality.cbs_code, municipality.name, year, label])
                    self._mdd_xlsx_cell(sheet, row, 4, value)
                    row += 1
            sheet.set_column(1, 1, 22)
            sheet.set_column(3, 3, 40)
            sheet.freeze_panes(1, 0)

    @api.model
    def _mdd_xlsx_extra(self, workbook, bold, all_figures, year):
        """One sheet per extra section (e.g. education sessions)."""
        sheets = {}
        for figures in all_figures:
            municipality = figures["municipality"]
            for section in self._mdd_extra_sections(municipality, year):
                title = section["title"]
                if title not in sheets:
                    sheet = workbook.add_worksheet(title[:31])
                    sheet.write_row(
                        0, 0, ["cbs_code", "gemeente", "jaar", *section["columns"]], bold
                    )
                    sheets[title] = [sheet, 1]
                sheet, row = sheets[title]
                for values in section["rows"]:
                    sheet.write_row(
                        row, 0, [municipality.cbs_code, municipality.name, year, *values]
                    )
                    row += 1
                sheets[title][1] = row

    @api.model
    def _mdd_xlsx_notes(self, workbook, municipalities, year):
        _ = self.env._
        threshold = self._mdd_threshold()
        sheet = workbook.add_worksheet(_("Notes"))
        sheet.set_column(0, 0, 110)
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        outside, unassigned = self._mdd_count_outside(municipalities, year)
        outside_shown, unassigned_shown = suppress_cells([outside, unassigned], threshold)
        notes = [
            *self._mdd_explanation(threshold),
            _(
                "Reports of %(year)s that count but concern none of these "
                "municipalities: %(outside)s, of which without any municipality "
                "of residence or incident: %(unassigned)s.",
                year=year,
                outside=outside_shown,
                unassigned=unassigned_shown,
            ),
        ]
        for row, note in enumerate(notes):
            sheet.write(row, 0, note, wrap)

    @api.model
    def _mdd_pdf(self, municipalities, year):
        """The PDFs of several municipalities, one after the other.

        Rendered one municipality at a time and merged: wkhtmltopdf builds
        without patched Qt cannot convert several documents in one run.

        :return: ``(content, report_type)``; ``report_type`` is ``html`` when
            Odoo runs tests without ``force_report_rendering``
        """
        Report = self.env["ir.actions.report"]
        documents = []
        report_type = "pdf"
        for municipality in municipalities:
            content, report_type = Report._render_qweb_pdf(
                REPORT, municipality.ids, data={"year": year}
            )
            documents.append(content)
        if report_type != "pdf":
            return b"\n".join(documents), report_type
        if len(documents) == 1:
            return documents[0], "pdf"
        return merge_pdf(documents), "pdf"

    @api.model
    def _mdd_explanation(self, threshold):
        """The explanation given with every published output (source English)."""
        _ = self.env._
        small = f"<{threshold}"
        return [
            _(
                "Column 1 (inwoners_in_gemeente): reports by residents of the "
                "municipality about an incident in the municipality."
            ),
            _(
                "Column 2 (inwoners_elders): reports by residents of the "
                "municipality about an incident elsewhere, including incidents "
                "without a place such as online or in national media."
            ),
            _(
                "Column 3 (niet_inwoners_in_gemeente): reports by people who do "
                "not live in the municipality about an incident in the "
                "municipality. Anonymous reports whose place of residence is "
                "unknown count here."
            ),
            _(
                "A report counts in the year of the incident, or in the year it "
                "was registered when the date of the incident is unknown. It "
                "counts once in the total of a municipality; in the breakdown by "
                "ground or manifestation it counts once for each ground or "
                "manifestation."
            ),
            _(
                "Left out: reports about a mass-report incident (many reports "
                "about one event, such as a remark on national television) and "
                "reports marked not to count, such as duplicates."
            ),
            _(
                "Small numbers: a number from 1 to %(max)s is shown as %(small)s so "
                "that no person can be recognised. When a number in a row is "
                "hidden, the total is hidden too (%(small)s or %(hidden)s), and in "
                "a row adding up to a hidden total one more number is hidden "
                "(%(hidden)s), so that a hidden number cannot be worked out from "
                "the others.",
                max=threshold - 1,
                small=small,
                hidden=HIDDEN,
            ),
        ]
