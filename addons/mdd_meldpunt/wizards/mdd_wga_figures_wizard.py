# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MddWgaFiguresWizard(models.TransientModel):
    """Make the yearly Wga figures for the municipalities of one or more bureaus.

    Shows the exact (internal) numbers and downloads the suppressed CSV, XLSX
    and PDF meant for the municipalities.
    """

    _name = "mdd.wga.figures.wizard"
    _inherit = "mdd.wga.year.wizard.mixin"
    _description = "Wga figures per municipality"

    preview_html = fields.Html(
        string="Figures (exact, internal)",
        compute="_compute_preview_html",
        sanitize=False,
    )

    @api.depends("year", "municipality_ids")
    def _compute_preview_html(self):
        Figures = self.env["mdd.wga.figures"]
        for wizard in self:
            if not wizard._year_ok() or not wizard.municipality_ids:
                wizard.preview_html = False
                continue
            municipalities = wizard.municipality_ids._origin
            all_figures = Figures._figures(municipalities, wizard.year, breakdowns=())
            outside, unassigned = Figures._count_outside(municipalities, wizard.year)
            wizard.preview_html = self.env["ir.qweb"]._render(
                "mdd_meldpunt.wga_figures_preview",
                {
                    "all_figures": all_figures,
                    "outside": outside,
                    "unassigned": unassigned,
                    "year": wizard.year,
                },
            )

    def _download(self, data, extension):
        if extension == "pdf" and len(self.municipality_ids) == 1:
            title = self.env["mdd.wga.figures"]._title(self.municipality_ids, self.year)
            return self._download_file(data, f"{title}.pdf")
        return self._download_file(data, f"wga_{self.year}.{extension}")

    def action_download_csv(self):
        self._check_input()
        data = self.env["mdd.wga.figures"]._csv(self.municipality_ids, self.year)
        return self._download(data, "csv")

    def action_download_xlsx(self):
        self._check_input()
        data = self.env["mdd.wga.figures"]._xlsx(self.municipality_ids, self.year)
        return self._download(data, "xlsx")

    def action_print_pdf(self):
        """One PDF with a page per municipality (suppressed)."""
        self._check_input()
        data, report_type = self.env["mdd.wga.figures"]._pdf(self.municipality_ids, self.year)
        return self._download(data, report_type)
