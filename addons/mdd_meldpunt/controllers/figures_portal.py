# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Municipal officials' portal page /my/cijfers.

A coordinator gives a contact access by setting its *Municipal figures access*
(``mdd_municipality_id``). The official then sees the published (suppressed)
figures of that municipality per year, and downloads them as CSV or PDF.
Nothing else: the municipality always comes from the user's own contact, and a
URL naming another municipality or a year out of range gives 404.
"""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.addons.mdd_base.tools.abuse_guard import no_store
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.http import request


class MddFiguresPortal(CustomerPortal):
    @staticmethod
    def _mdd_figures_municipality():
        """The municipality of the user's contact (sudo), or an empty record."""
        municipality = request.env.user.partner_id.sudo().mdd_municipality_id
        return municipality if municipality.active else municipality.browse()

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "mdd_figures_count" in counters:
            values["mdd_figures_count"] = 1 if self._mdd_figures_municipality() else 0
        return values

    def _mdd_figures_check(self, cbs_code, year):
        municipality = self._mdd_figures_municipality()
        if not municipality:
            raise Forbidden()
        Figures = request.env["mdd.wga.figures"].sudo()
        if cbs_code != municipality.cbs_code or not Figures._valid_year(year):
            raise NotFound()
        return municipality, Figures

    @http.route("/my/cijfers", type="http", auth="user", website=True)
    def portal_my_figures(self, year=None, **kw):
        municipality = self._mdd_figures_municipality()
        if not municipality:
            raise Forbidden()
        values = self._prepare_portal_layout_values()
        values.update(request.env["mdd.wga.figures"].sudo()._portal_values(municipality, year))
        values["page_name"] = "mdd_figures"
        return request.render("mdd_meldpunt.portal_my_figures", values)

    @http.route(
        "/my/cijfers/<string:cbs_code>/<int:year>/csv",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_figures_csv(self, cbs_code, year, **kw):
        municipality, Figures = self._mdd_figures_check(cbs_code, year)
        data = Figures._csv(municipality, year)
        filename = f"wga_{municipality.cbs_code}_{year}.csv"
        return no_store(
            request.make_response(
                data,
                headers=[
                    ("Content-Type", "text/csv; charset=utf-8"),
                    ("Content-Disposition", http.content_disposition(filename)),
                ],
            )
        )

    @http.route(
        "/my/cijfers/<string:cbs_code>/<int:year>/pdf",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_figures_pdf(self, cbs_code, year, **kw):
        municipality, Figures = self._mdd_figures_check(cbs_code, year)
        pdf, __ = Figures._pdf(municipality, year)
        filename = f"{Figures._title(municipality, year)}.pdf"
        return no_store(
            request.make_response(
                pdf,
                headers=[
                    ("Content-Type", "application/pdf"),
                    ("Content-Disposition", http.content_disposition(filename)),
                ],
            )
        )
