# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ReportMddWgaMunicipality(models.AbstractModel):
    """PDF "Discriminatiemeldingen [gemeente] [jaar]", one page per municipality.

    Published figures: suppressed. Only coordinators can print it (or the
    municipal portal, with sudo, for the official's own municipality). Title,
    charts and explanation come from ``mdd.wga.figures``, as in every output.
    """

    _name = "report.mdd_meldpunt.report_wga_municipality"
    _description = "Municipal figures report"

    @api.model
    def _get_report_values(self, docids, data=None):
        Figures = self.env["mdd.wga.figures"]
        Figures._check_access()
        year = (data or {}).get("year")
        year = int(year) if year else fields.Date.context_today(self).year - 1
        municipalities = self.env["mdd.municipality"].sudo().browse(docids).exists()
        pages = [
            self._page(figures) for figures in Figures._figures(municipalities, year, trend=True)
        ]
        return {
            "doc_ids": municipalities.ids,
            "doc_model": "mdd.municipality",
            "docs": municipalities,
            "year": year,
            "pages": pages,
        }

    @api.model
    def _page(self, figures):
        """Values of the page of one municipality (``figures`` with ``trend``)."""
        Figures = self.env["mdd.wga.figures"]
        municipality = figures["municipality"]
        shown = figures["shown"]
        threshold = figures["threshold"]
        return {
            "municipality": municipality,
            "title": Figures._title(municipality, figures["year"]),
            "year": figures["year"],
            "threshold": threshold,
            "columns": shown["columns"],
            "total": shown["total"],
            "excluded": shown["excluded"],
            "charts": Figures._charts(figures),
            "trend": Figures._bars([(str(year), value) for year, value in shown["trend"]]),
            "extra_sections": Figures._extra_sections(municipality, figures["year"]),
            "explanation": Figures._explanation(threshold),
        }
