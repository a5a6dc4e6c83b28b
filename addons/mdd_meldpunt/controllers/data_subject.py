# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Export of all data held about a complainant (access request), coordinators only."""

import json

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.mdd_base.tools.abuse_guard import no_store
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


class MddDataSubjectController(http.Controller):
    def _mdd_export(self, complainant_id):
        complainant = request.env["mdd.complainant"].browse(complainant_id)
        try:
            return complainant, complainant.exists()._mdd_export_data()
        except (AccessError, MissingError, ValueError) as exc:
            raise NotFound() from exc

    @http.route(
        "/mdd/complainant/<int:complainant_id>/export",
        type="http",
        auth="user",
        methods=["GET"],
        website=False,
    )
    def mdd_complainant_export_html(self, complainant_id, **kw):
        complainant, data = self._mdd_export(complainant_id)
        response = request.render(
            "mdd_meldpunt.mdd_complainant_export",
            {"data": data, "complainant_id": complainant.id},
        )
        return no_store(response)

    @http.route(
        "/mdd/complainant/<int:complainant_id>/export.json",
        type="http",
        auth="user",
        methods=["GET"],
        website=False,
    )
    def mdd_complainant_export_json(self, complainant_id, **kw):
        complainant, data = self._mdd_export(complainant_id)
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        response = request.make_response(
            body,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                (
                    "Content-Disposition",
                    f'attachment; filename="complainant-{complainant.id}.json"',
                ),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return no_store(response)
