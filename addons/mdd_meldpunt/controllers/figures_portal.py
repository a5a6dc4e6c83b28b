# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Municipal officials' portal page /my/cijfers.

A coordinator gives a contact access by setting its *Municipal figures access*
(``mdd_municipality_id``). The official then sees the published versions of
the figures of that municipality (``mdd.wga.publication``): per year the
current version with its frozen numbers, and the versions it replaced,
marked as such. The files are the frozen ones, never live numbers (those
stay for staff). Visiting the page and each download are logged on the
publication's delivery log. Nothing else: the municipality always comes from
the user's own contact, and a URL naming another municipality, a draft or a
year without a published version gives 404.
"""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.addons.mdd_base.tools.abuse_guard import no_store
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.http import request

VISIBLE_STATES = ("published", "withdrawn")


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

    @classmethod
    def _mdd_official_municipality(cls):
        municipality = cls._mdd_figures_municipality()
        if not municipality:
            raise Forbidden()
        return municipality

    @staticmethod
    def _mdd_publications(municipality):
        """The published and withdrawn versions of the municipality (sudo,
        after the municipality was checked)."""
        return (
            request.env["mdd.wga.publication"]
            .sudo()
            .search(
                [("municipality_id", "=", municipality.id), ("state", "in", VISIBLE_STATES)],
                order="year desc, version desc",
            )
        )

    def _mdd_send_file(self, publication, kind):
        content, filename, mimetype = publication._file(kind)
        request.env["mdd.wga.delivery"].sudo()._log_download(
            request.env.user.partner_id, publication
        )
        return no_store(
            request.make_response(
                content,
                headers=[
                    ("Content-Type", mimetype),
                    ("Content-Disposition", http.content_disposition(filename)),
                ],
            )
        )

    @http.route("/my/cijfers", type="http", auth="user", website=True)
    def portal_my_figures(self, year=None, **kw):
        municipality = self._mdd_official_municipality()
        publications = self._mdd_publications(municipality)
        request.env["mdd.wga.delivery"].sudo()._mark_opened(
            request.env.user.partner_id, municipality
        )
        values = self._prepare_portal_layout_values()
        values.update(
            request.env["mdd.wga.publication"]
            .sudo()
            ._portal_values(municipality, publications, year)
        )
        values["page_name"] = "mdd_figures"
        return request.render("mdd_meldpunt.portal_my_figures", values)

    @http.route(
        "/my/cijfers/versie/<int:publication_id>/<string:kind>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_figures_version(self, publication_id, kind, **kw):
        """A frozen file (csv, xlsx, pdf) of a version of the municipality."""
        municipality = self._mdd_official_municipality()
        publication = self._mdd_publications(municipality).filtered(
            lambda p: p.id == publication_id
        )
        if not publication or kind not in ("csv", "xlsx", "pdf"):
            raise NotFound()
        return self._mdd_send_file(publication, kind)

    def _mdd_current(self, cbs_code, year):
        municipality = self._mdd_official_municipality()
        if cbs_code != municipality.cbs_code:
            raise NotFound()
        publication = self._mdd_publications(municipality).filtered(
            lambda p: p.year == year and p.state == "published"
        )
        if not publication:
            raise NotFound()
        return publication

    @http.route(
        "/my/cijfers/<string:cbs_code>/<int:year>/csv",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_figures_csv(self, cbs_code, year, **kw):
        """The CSV of the current published version of a year."""
        return self._mdd_send_file(self._mdd_current(cbs_code, year), "csv")

    @http.route(
        "/my/cijfers/<string:cbs_code>/<int:year>/pdf",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_figures_pdf(self, cbs_code, year, **kw):
        """The PDF of the current published version of a year."""
        return self._mdd_send_file(self._mdd_current(cbs_code, year), "pdf")
