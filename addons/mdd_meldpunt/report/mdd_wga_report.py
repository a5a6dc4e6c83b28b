# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools.suppression import HIDDEN, is_shown


class ReportMddWgaMunicipality(models.AbstractModel):
    """PDF "Discriminatiemeldingen [gemeente] [jaar]", one page per municipality.

    Published figures: suppressed. Only coordinators can print it (or the
    municipal portal, with sudo, for the official's own municipality).
    """

    _name = "report.mdd_meldpunt.report_wga_municipality"
    _description = "Municipal figures report"

    @api.model
    def _get_report_values(self, docids, data=None):
        Figures = self.env["mdd.wga.figures"]
        Figures._mdd_check_access()
        year = (data or {}).get("year")
        year = int(year) if year else fields.Date.context_today(self).year - 1
        municipalities = self.env["mdd.municipality"].sudo().browse(docids).exists()
        pages = [
            self._mdd_page(figures)
            for figures in Figures._mdd_figures(municipalities, year, trend=True)
        ]
        return {
            "doc_ids": municipalities.ids,
            "doc_model": "mdd.municipality",
            "docs": municipalities,
            "year": year,
            "pages": pages,
        }

    @api.model
    def _mdd_page(self, figures):
        Figures = self.env["mdd.wga.figures"]
        municipality = figures["municipality"]
        shown = figures["shown"]
        threshold = figures["threshold"]
        return {
            "municipality": municipality,
            # Fixed title, not translated.
            "title": f"Discriminatiemeldingen {municipality.name} {figures['year']}",
            "year": figures["year"],
            "threshold": threshold,
            "columns": shown["columns"],
            "total": shown["total"],
            "excluded": shown["excluded"],
            "charts": [
                (self.env._("Grounds"), self._mdd_bars(shown["breakdowns"]["ground"], threshold)),
                (self.env._("Domains"), self._mdd_bars(shown["breakdowns"]["domain"], threshold)),
                (
                    self.env._("Manifestations"),
                    self._mdd_bars(shown["breakdowns"]["manifestation"], threshold),
                ),
            ],
            "trend": self._mdd_bars(
                [(str(year), value) for year, value in shown["trend"]], threshold
            ),
            "extra_sections": Figures._mdd_extra_sections(municipality, figures["year"]),
            "explanation": Figures._mdd_explanation(threshold),
        }

    @api.model
    def _mdd_bars(self, items, threshold):
        """Bars drawn from published values only.

        A small count (``<5``) is drawn as a pale bar of threshold-1, its upper
        bound; a hidden count (``x``) gets no bar.
        """
        exact = [int(value) for __, value in items if is_shown(value)]
        small = any(not is_shown(value) and value != HIDDEN for __, value in items)
        top = max(exact + ([threshold - 1] if small else []) + [1])
        bars = []
        for label, value in items:
            if is_shown(value):
                width, kind = int(value) * 100.0 / top, "exact"
            elif value == HIDDEN:
                width, kind = 0.0, "hidden"
            else:
                width, kind = (threshold - 1) * 100.0 / top, "small"
            bars.append({"label": label, "value": value, "width": round(width, 1), "kind": kind})
        return bars
