# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io

import xlsxwriter

from odoo import api, models
from odoo.addons.mdd_base.tools.suppression import HIDDEN, is_shown, suppress_cells
from odoo.tools.pdf import merge_pdf

from .mdd_wga_figures import COLUMN_KEYS

REPORT = "mdd_meldpunt.report_wga_municipality"
CSV_HEADER = [
    "cbs_code",
    "gemeente",
    "jaar",
    "inwoners_in_gemeente",
    "inwoners_elders",
    "niet_inwoners_in_gemeente",
    "totaal",
]
# Columns that start every row of the XLSX sheets.
XLSX_KEYS = CSV_HEADER[:3]


def _row_keys(figures):
    """The values of ``XLSX_KEYS`` for the figures of a municipality."""
    municipality = figures["municipality"]
    return [municipality.cbs_code, municipality.name, figures["year"]]


class MddWgaFigures(models.AbstractModel):
    """The outputs of the figures: CSV, XLSX, PDF, and what they share.

    Every output that shows the figures of a municipality takes its title
    from :meth:`_title`, its charts from :meth:`_charts` / :meth:`_bars`
    (also the dashboard's) and its explanation from :meth:`_explanation`.
    """

    _inherit = "mdd.wga.figures"

    # ------------------------------------------------------------------
    # Shared by every output
    # ------------------------------------------------------------------

    @api.model
    def _title(self, municipality, year):
        """Title of the municipal PDF (also its file name): fixed, Dutch."""
        return f"Discriminatiemeldingen {municipality.name} {year}"

    @api.model
    def _breakdown_titles(self):
        """``{breakdown: (title, column title)}``, in the order of the outputs."""
        _ = self.env._
        return {
            "ground": (_("Grounds"), _("Ground")),
            "domain": (_("Domains"), _("Domain")),
            "manifestation": (_("Manifestations"), _("Manifestation")),
        }

    @api.model
    def _charts(self, figures):
        """``[(title, bars)]``: the published breakdowns of ``figures``."""
        shown = figures["shown"]["breakdowns"]
        return [
            (title, self._bars(shown[name]))
            for name, (title, __) in self._breakdown_titles().items()
        ]

    @api.model
    def _bars(self, items):
        """Bars of the chart template ``mdd_meldpunt.figures_bar_chart``.

        Only shown numbers are drawn. A suppressed value (``<5`` or ``x``)
        gets no bar and is marked as suppressed, so that a small number never
        looks like a large one; the scale comes from the shown numbers only.

        :param items: ``[(label, value)]``, where a value is an exact count
            (an integer: internal numbers) or a published value (a string).
        :return: list of dicts with ``label``, ``value`` (display string),
            ``width`` (percent of the largest shown value) and ``kind``
            (exact, small, hidden)
        """

        def kind(value):
            if isinstance(value, int) or is_shown(value):
                return "exact"
            return "hidden" if value == HIDDEN else "small"

        kinds = [kind(value) for __, value in items]
        top = max(
            [int(value) for (__, value), k in zip(items, kinds, strict=True) if k == "exact"] + [1]
        )
        return [
            {
                "label": label,
                "value": str(value),
                "width": round(int(value) * 100.0 / top, 1) if k == "exact" else 0.0,
                "kind": k,
            }
            for (label, value), k in zip(items, kinds, strict=True)
        ]

    @api.model
    def _explanation(self, threshold):
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

    # ------------------------------------------------------------------
    # CSV
    # ------------------------------------------------------------------

    @api.model
    def _csv(self, municipalities, year):
        """The Wga form as CSV: UTF-8, comma separated, ``\\n`` line ends."""
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for figures in self._figures(municipalities, year, breakdowns=()):
            writer.writerow(self._form_row(figures))
        return stream.getvalue().encode("utf-8")

    @api.model
    def _form_row(self, figures, excluded=False):
        """A row of the published Wga form (the CSV header's columns).

        :param excluded: also the published numbers left out
        """
        shown = figures["shown"]
        row = [
            *_row_keys(figures),
            *(shown["columns"][key] for key in COLUMN_KEYS),
            shown["total"],
        ]
        if excluded:
            row += [shown["excluded"]["mass_report"], shown["excluded"]["not_counted"]]
        return row

    # ------------------------------------------------------------------
    # XLSX
    # ------------------------------------------------------------------

    @api.model
    def _xlsx(self, municipalities, year):
        """The Wga form with its breakdowns as an Excel workbook (suppressed).

        Sheets: the form, one per breakdown, one per extra section (e.g.
        education sessions) and the notes.
        """
        _ = self.env._
        all_figures = self._figures(municipalities, year)
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        header = [
            *CSV_HEADER,
            _("left out: mass-report incident"),
            _("left out: marked not to count"),
        ]
        sheet = self._xlsx_sheet(
            workbook,
            bold,
            "Wga",
            header,
            [self._form_row(figures, excluded=True) for figures in all_figures],
            counts_from=len(XLSX_KEYS),
        )
        sheet.set_column(0, 0, 10)
        sheet.set_column(1, 1, 22)
        sheet.set_column(3, len(header) - 1, 16)
        sheet.freeze_panes(1, 0)
        for name, (title, column_title) in self._breakdown_titles().items():
            rows = [
                [*_row_keys(figures), label, value]
                for figures in all_figures
                for label, value in figures["shown"]["breakdowns"][name]
            ]
            header = [*XLSX_KEYS, column_title, _("Reports")]
            sheet = self._xlsx_sheet(workbook, bold, title, header, rows, counts_from=4)
            sheet.set_column(1, 1, 22)
            sheet.set_column(3, 3, 40)
            sheet.freeze_panes(1, 0)
        self._xlsx_extra(workbook, bold, all_figures, year)
        self._xlsx_notes(workbook, municipalities, year)
        workbook.close()
        return stream.getvalue()

    @api.model
    def _xlsx_sheet(self, workbook, bold, title, header, rows, *, counts_from=None):
        """A sheet with a bold header and rows.

        :param counts_from: index of the first column of published counts,
            written as numbers when shown, else as their label (<5, x)
        """
        sheet = workbook.add_worksheet(title[:31])
        sheet.write_row(0, 0, header, bold)
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                count = counts_from is not None and col >= counts_from
                if count and isinstance(value, str) and is_shown(value):
                    sheet.write_number(row, col, int(value))
                else:
                    sheet.write(row, col, value)
        return sheet

    @api.model
    def _xlsx_extra(self, workbook, bold, all_figures, year):
        """One sheet per extra section (e.g. education sessions)."""
        sections = {}
        for figures in all_figures:
            for section in self._extra_sections(figures["municipality"], year):
                header, rows = sections.setdefault(
                    section["title"], ([*XLSX_KEYS, *section["columns"]], [])
                )
                rows += [[*_row_keys(figures), *values] for values in section["rows"]]
        for title, (header, rows) in sections.items():
            self._xlsx_sheet(workbook, bold, title, header, rows)

    @api.model
    def _xlsx_notes(self, workbook, municipalities, year):
        _ = self.env._
        threshold = self._threshold()
        sheet = workbook.add_worksheet(_("Notes"))
        sheet.set_column(0, 0, 110)
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        outside, unassigned = self._count_outside(municipalities, year)
        outside_shown, unassigned_shown = suppress_cells([outside, unassigned], threshold)
        notes = [
            *self._explanation(threshold),
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

    # ------------------------------------------------------------------
    # PDF
    # ------------------------------------------------------------------

    @api.model
    def _pdf(self, municipalities, year):
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
